# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: activation_stds
# expect: lose
# tests: test_activation_stds
# why: bug: the std of the pre-activations Z instead of the activations
def activation_stds(scale, depth, width, m, rng):
    A = rng.standard_normal((width, m))
    stds = []
    for _ in range(depth):
        Z = scale * rng.standard_normal((width, width)) @ A
        stds.append(Z.std())
        A = np.tanh(Z)
    return np.array(stds)
