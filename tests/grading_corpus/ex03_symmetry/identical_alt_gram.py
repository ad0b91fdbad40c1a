# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: identical_units
# expect: full
# tests: test_identical_units
# why: correct: the pairwise distances from the Gram matrix, with a rounding guard
def identical_units(W, b=None, tol=1e-9):
    V = np.asarray(W, dtype=float)
    if b is not None:
        V = np.concatenate([V, np.asarray(b, dtype=float)], axis=-1)
    diff = V[..., :, np.newaxis, :] - V[..., np.newaxis, :, :]
    dist2 = np.einsum("...ijk,...ijk->...ij", diff, diff)
    ok = np.all(dist2 <= tol**2, axis=(-2, -1))
    return ok if ok.ndim else bool(ok)
