# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: identical_units
# expect: lose
# tests: test_identical_units
# why: bug: the squared distance compared with tol
def identical_units(W, b=None, tol=1e-9):
    V = np.asarray(W, dtype=float)
    if b is not None:
        V = np.concatenate([V, b], axis=-1)
    diff = V[..., :, None, :] - V[..., None, :, :]
    result = (diff**2).sum(axis=-1).max(axis=(-2, -1)) <= tol
    return bool(result) if np.ndim(result) == 0 else result
