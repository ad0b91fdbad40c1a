# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: activation_stds
# expect: lose
# tests: test_activation_stds
# why: bug: returns nnlib's saturation_stats measurement
def activation_stds(scale, depth, width, m, rng):
    seed = int(rng.integers(2**31))
    return np.asarray(saturation_stats(scale, "tanh", depth, width, m, seed=seed).std)
