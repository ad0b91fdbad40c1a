# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: gradient_check
# expect: lose
# tests: test_gradient_check
# why: bug: nnlib's relative_error and grad_check
def relative_error(g, g_hat):
    return reference_relative_error(g, g_hat)


def gradient_check(params, X, Y, backward, hidden="relu"):
    return grad_check(params, X, Y, hidden=hidden, backward=backward)
