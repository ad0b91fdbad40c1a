# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: identical_units
# expect: lose
# tests: test_identical_units
# why: bug: every row compared only with row 0 (within tol of row 0 does not make rows within tol of each other)
def identical_units(W, b=None, tol=1e-9):
    V = np.asarray(W, dtype=float)
    if b is not None:
        V = np.concatenate([V, b], axis=-1)
    d = np.sqrt(((V - V[..., :1, :]) ** 2).sum(axis=-1)).max(axis=-1)
    return d <= tol if np.ndim(d) else bool(d <= tol)
