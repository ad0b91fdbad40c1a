# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: forward
# expect: lose
# tests: test_forward
# why: bug: tanh hidden layer instead of relu
def forward_two_layer(params, X):
    Z1 = params["W1"] @ X + params["b1"]
    A1 = tanh(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
