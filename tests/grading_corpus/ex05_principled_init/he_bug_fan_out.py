# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: he
# expect: lose
# tests: test_he
# why: bug: fan_out (shape[-2]) where fan_in is meant
def he_normal(shape, rng):
    return rng.standard_normal(shape) * np.sqrt(2.0 / shape[-2])
