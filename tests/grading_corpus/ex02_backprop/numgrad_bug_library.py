# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: numerical_gradient
# expect: lose
# tests: test_numerical_gradient
# why: bug: returns nnlib's numerical_grads
def numerical_gradient(f, params, eps=1e-6):
    return numerical_grads(f, params, eps)
