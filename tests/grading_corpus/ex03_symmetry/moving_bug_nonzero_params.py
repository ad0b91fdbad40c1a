# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: moving_parameters
# expect: lose
# tests: test_moving_parameters
# why: bug: the non-zero parameters instead of the non-zero gradients
def moving_parameters(params, X, Y, hidden):
    return {k for k, v in params.items() if np.any(v != 0)}
