# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: expected_loss
# expect: lose
# tests: test_expected_loss
# why: bug: Gauss-Hermite with 150 nodes (what the task used to suggest) cannot resolve the kink at large tau
def expected_initial_loss(tau):
    z, w = np.polynomial.hermite_e.hermegauss(150)
    u = tau * z
    return float(np.sum(w * (np.maximum(u, 0) + np.log1p(np.exp(-np.abs(u))))) / np.sqrt(2 * np.pi))
