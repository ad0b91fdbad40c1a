# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: activation_stds
# expect: lose
# tests: test_activation_stds
# why: bug: the weights drawn from numpy's global state
def activation_stds(scale, depth, width, m, rng):
    A = rng.standard_normal((width, m))
    stds = []
    for _ in range(depth):
        W = scale * np.random.randn(width, width)
        A = np.tanh(W @ A)
        stds.append(A.std())
    return np.array(stds)
