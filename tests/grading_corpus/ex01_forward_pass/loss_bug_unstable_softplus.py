# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: expected_loss
# expect: lose
# tests: test_expected_loss
# why: bug: softplus as log(1 + exp(u)), which overflows to inf for large tau
def expected_initial_loss(tau):
    z = np.linspace(-12.0, 12.0, 24001)
    density = np.exp(-z**2 / 2) / np.sqrt(2 * np.pi)
    return float(np.sum(np.log(1 + np.exp(tau * z)) * density) * (z[1] - z[0]))
