# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: bce
# expect: full
# tests: test_bce
# why: correct: softplus as np.logaddexp(0, z), mean with a sum / m
def bce_from_logits(Z, Y):
    Z, Y = np.asarray(Z, dtype=float), np.asarray(Y, dtype=float)
    m = Z.shape[-1]
    return float(np.sum(np.logaddexp(0.0, Z) - Y * Z) / m)
