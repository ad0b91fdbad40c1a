# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: xavier
# expect: lose
# tests: test_xavier
# why: bug: a = gain sqrt(3 / fan_in), the LeCun uniform limit
def xavier_uniform(shape, rng, gain=1.0):
    limit = gain * np.sqrt(3.0 / shape[-1])
    return rng.uniform(-limit, limit, size=shape)
