# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: bce
# expect: lose
# tests: test_bce
# why: bug: returns nnlib's cross_entropy
def bce_from_logits(Z, Y):
    return float(cross_entropy(np.asarray(Z, dtype=float), np.asarray(Y, dtype=float)))
