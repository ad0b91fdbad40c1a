# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: expected_loss
# expect: lose
# tests: test_expected_loss
# why: bug: Monte Carlo with a million samples, far too noisy for 1e-6
def expected_initial_loss(tau):
    z = np.random.default_rng(0).standard_normal(1_000_000)
    u = tau * z
    return float(np.mean(np.maximum(u, 0) + np.log1p(np.exp(-np.abs(u)))))
