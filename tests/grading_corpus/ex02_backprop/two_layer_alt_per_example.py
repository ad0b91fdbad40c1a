# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: backward_two_layer
# expect: full
# tests: test_backward_two_layer
# why: correct: a loop over the examples, averaging per-example gradients
def backward_two_layer(params, cache, Y, hidden="relu"):
    g_prime = get_activation(hidden).g_prime
    m = Y.shape[-1]
    grads = {k: np.zeros_like(params[k[1:]], dtype=float) for k in ("dW1", "db1", "dW2", "db2")}
    for i in range(m):
        a0, z1, a1, a2 = (cache[k][:, i:i + 1] for k in ("A0", "Z1", "A1", "A2"))
        dz2 = a2 - Y[:, i:i + 1]
        dz1 = params["W2"].T @ dz2 * g_prime(z1)
        grads["dW2"] += dz2 @ a1.T / m
        grads["db2"] += dz2 / m
        grads["dW1"] += dz1 @ a0.T / m
        grads["db1"] += dz1 / m
    return grads
