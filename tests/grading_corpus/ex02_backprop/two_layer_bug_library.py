# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: backward_two_layer
# expect: lose
# tests: test_backward_two_layer
# why: bug: returns nnlib's mlp.backward
def backward_two_layer(params, cache, Y, hidden="relu"):
    return mlp.backward(params, cache, Y)
