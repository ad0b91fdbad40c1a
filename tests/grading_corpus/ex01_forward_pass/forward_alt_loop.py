# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: forward
# expect: full
# tests: test_forward
# why: correct: a loop over the layers with np.dot and a dict of activations
def forward_two_layer(params, X):
    cache, A = {}, X
    for l, g in ((1, relu), (2, sigmoid)):
        Z = np.dot(params[f"W{l}"], A) + params[f"b{l}"]
        A = g(Z)
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return A, cache
