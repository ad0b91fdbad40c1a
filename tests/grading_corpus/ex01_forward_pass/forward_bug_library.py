# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: forward
# expect: lose
# tests: test_forward
# why: bug: returns nnlib's forward pass
def forward_two_layer(params, X):
    A2, cache = mlp.forward(params, X, hidden="relu", output="sigmoid")
    return A2, cache
