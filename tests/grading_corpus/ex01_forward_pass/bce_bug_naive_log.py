# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: bce
# expect: lose
# tests: test_bce
# why: bug: -(y log a + (1 - y) log(1 - a)) through the sigmoid: log(0) at |z| = 1000
def bce_from_logits(Z, Y):
    A = 1.0 / (1.0 + np.exp(-np.clip(Z, -500, 500)))
    return float(np.mean(-(Y * np.log(A) + (1 - Y) * np.log(1 - A))))
