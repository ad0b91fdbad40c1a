# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: backward_two_layer
# expect: lose
# tests: test_backward_two_layer
# why: bug: g' evaluated at A1 instead of Z1 (invisible with relu, visible with tanh)
def backward_two_layer(params, cache, Y, hidden="relu"):
    g_prime = get_activation(hidden).g_prime
    m = Y.shape[-1]
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ cache["A1"].T / m
    db2 = dZ2.sum(axis=-1, keepdims=True) / m
    dZ1 = params["W2"].T @ dZ2 * g_prime(cache["A1"])
    dW1 = dZ1 @ cache["A0"].T / m
    db1 = dZ1.sum(axis=-1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
