# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: xavier
# expect: lose
# tests: test_xavier
# why: bug: a normal distribution with the Xavier variance
def xavier_uniform(shape, rng, gain=1.0):
    return rng.normal(0.0, gain * np.sqrt(2.0 / (shape[-1] + shape[-2])), size=shape)
