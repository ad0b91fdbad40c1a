# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: backward_two_layer
# expect: lose
# tests: test_backward_two_layer
# why: bug: the 1/m forgotten in dW
def backward_two_layer(params, cache, Y, hidden="relu"):
    g_prime = get_activation(hidden).g_prime
    m = Y.shape[-1]
    dZ2 = cache["A2"] - Y
    dW2 = dZ2 @ cache["A1"].T
    db2 = dZ2.sum(axis=-1, keepdims=True) / m
    dZ1 = params["W2"].T @ dZ2 * g_prime(cache["Z1"])
    dW1 = dZ1 @ cache["A0"].T
    db1 = dZ1.sum(axis=-1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
