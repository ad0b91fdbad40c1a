# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: backward_two_layer
# expect: full
# tests: test_backward_two_layer
# why: correct: .T transposes, einsum for dW, mean for db, the activation looked up by name
def backward_two_layer(params, cache, Y, hidden="relu"):
    act = get_activation(hidden)
    m = Y.shape[1]
    dZ2 = cache["A2"] - Y
    dW2 = np.einsum("im,jm->ij", dZ2, cache["A1"]) / m
    db2 = dZ2.mean(axis=1, keepdims=True)
    dZ1 = (params["W2"].T @ dZ2) * act.g_prime(cache["Z1"])
    dW1 = np.einsum("im,jm->ij", dZ1, cache["A0"]) / m
    db1 = dZ1.mean(axis=1, keepdims=True)
    return {"dW2": dW2, "db2": db2, "dW1": dW1, "db1": db1}
