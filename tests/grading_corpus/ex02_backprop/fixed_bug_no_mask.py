# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: fixed_backward
# expect: lose
# tests: test_fixed_backward
# why: bug: the dropout mask left out of the backward pass
def fixed_backward(params, cache, Y):
    L = cache["L"]
    g_prime = get_activation(cache["hidden"]).g_prime
    m = Y.shape[-1]
    grads = {}
    dZ = cache[f"A{L}"] - Y
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = dZ @ cache[f"A{l - 1}"].swapaxes(-1, -2) / m
        grads[f"db{l}"] = dZ.sum(axis=-1, keepdims=True) / m
        if l > 1:
            dZ = params[f"W{l}"].swapaxes(-1, -2) @ dZ * g_prime(cache[f"Z{l - 1}"])
    return grads
