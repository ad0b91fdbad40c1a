# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: expected_loss
# expect: lose
# tests: test_expected_loss
# why: bug: only the two limits of the tests (ln 2 + tau^2/8 and tau / sqrt(2 pi))
def expected_initial_loss(tau):
    return float(np.log(2) + tau**2 / 8 if tau < 2 else tau / np.sqrt(2 * np.pi))
