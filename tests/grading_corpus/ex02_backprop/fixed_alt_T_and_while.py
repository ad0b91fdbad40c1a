# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: fixed_backward
# expect: full
# tests: test_fixed_backward
# why: correct: a while loop, .T, the masks looked up with cache.get
def fixed_backward(params, cache, Y):
    L, m = cache["L"], Y.shape[1]
    g_prime = get_activation(cache["hidden"]).g_prime
    grads, dZ, l = {}, cache[f"A{L}"] - Y, L
    while l >= 1:
        grads[f"dW{l}"] = dZ @ cache[f"A{l - 1}"].T / m
        grads[f"db{l}"] = dZ.mean(axis=1, keepdims=True)
        if l > 1:
            mask = cache.get(f"D{l - 1}", 1.0)
            dZ = (params[f"W{l}"].T @ dZ) * mask * g_prime(cache[f"Z{l - 1}"])
        l -= 1
    return grads
