# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: xavier
# expect: full
# tests: test_xavier
# why: correct: rng.random mapped affinely onto [-a, a]
def xavier_uniform(shape, rng, gain=1.0):
    *_, fan_out, fan_in = shape
    a = gain * (6.0 / (fan_in + fan_out)) ** 0.5
    return a * (2.0 * rng.random(shape) - 1.0)
