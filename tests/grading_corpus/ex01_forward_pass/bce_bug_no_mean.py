# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: bce
# expect: lose
# tests: test_bce
# why: bug: the sum over the examples, the 1/m forgotten
def bce_from_logits(Z, Y):
    softplus = np.maximum(Z, 0.0) + np.log1p(np.exp(-np.abs(Z)))
    return float(np.sum(softplus - Y * Z))
