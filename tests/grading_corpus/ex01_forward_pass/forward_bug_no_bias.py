# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: forward
# expect: lose
# tests: test_forward
# why: bug: the biases are left out
def forward_two_layer(params, X):
    Z1 = params["W1"] @ X
    A1 = relu(Z1)
    Z2 = params["W2"] @ A1
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
