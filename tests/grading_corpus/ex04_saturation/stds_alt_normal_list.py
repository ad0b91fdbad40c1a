# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: activation_stds
# expect: full
# tests: test_activation_stds
# why: correct: rng.normal with the scale as its std, all weights drawn first, np.std of each layer
def activation_stds(scale, depth, width, m, rng):
    X = rng.normal(0.0, 1.0, size=(width, m))
    Ws = [rng.normal(0.0, scale, size=(width, width)) for _ in range(depth)]
    out, A = np.empty(depth), X
    for l, W in enumerate(Ws):
        A = np.tanh(W @ A)
        out[l] = np.std(A)
    return out
