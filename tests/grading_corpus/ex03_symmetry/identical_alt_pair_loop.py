# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: identical_units
# expect: full
# tests: test_identical_units
# why: correct: explicit loops over the pairs with np.linalg.norm, stacks handled by recursion
def identical_units(W, b=None, tol=1e-9):
    W = np.asarray(W, dtype=float)
    if W.ndim == 3:
        bs = [None] * len(W) if b is None else list(b)
        return np.array([identical_units(W[k], bs[k], tol) for k in range(len(W))])
    rows = W if b is None else np.hstack([W, np.asarray(b, dtype=float)])
    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            if np.linalg.norm(rows[i] - rows[j]) > tol:
                return False
    return True
