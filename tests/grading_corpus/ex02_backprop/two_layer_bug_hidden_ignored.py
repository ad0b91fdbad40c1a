# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: backward_two_layer
# expect: lose
# tests: test_backward_two_layer
# why: bug: relu' hard-coded, the hidden argument ignored
def backward_two_layer(params, cache, Y, hidden="relu"):
    m = Y.shape[-1]
    dZ2 = cache["A2"] - Y
    dZ1 = params["W2"].T @ dZ2 * (cache["Z1"] > 0)
    return {"dW1": dZ1 @ cache["A0"].T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m,
            "dW2": dZ2 @ cache["A1"].T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m}
