# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: xavier
# expect: lose
# tests: test_xavier
# why: bug: numpy's global state instead of rng
def xavier_uniform(shape, rng, gain=1.0):
    limit = gain * np.sqrt(6.0 / (shape[-1] + shape[-2]))
    return np.random.uniform(-limit, limit, size=shape)
