# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: fixed_backward
# expect: lose
# tests: test_fixed_backward
# why: bug: returns nnlib's mlp.backward
def fixed_backward(params, cache, Y):
    return mlp.backward(params, cache, Y)
