# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: activation_stds
# expect: lose
# tests: test_activation_stds
# why: bug: one weight matrix drawn once and reused by every layer
def activation_stds(scale, depth, width, m, rng):
    A = rng.standard_normal((width, m))
    W = scale * rng.standard_normal((width, width))
    stds = []
    for _ in range(depth):
        A = np.tanh(W @ A)
        stds.append(A.std())
    return np.array(stds)
