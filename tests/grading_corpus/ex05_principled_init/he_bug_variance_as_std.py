# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: he
# expect: lose
# tests: test_he
# why: bug: 2 / fan_in used as the standard deviation
def he_normal(shape, rng):
    return rng.standard_normal(shape) * (2.0 / shape[-1])
