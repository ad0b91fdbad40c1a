# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: identical_units
# expect: lose
# tests: test_identical_units
# why: bug: calls nnlib's unit_distance
def identical_units(W, b=None, tol=1e-9):
    d = nnlib.diagnostics.unit_distance(W, b)
    return d <= tol if np.ndim(d) else bool(d <= tol)
