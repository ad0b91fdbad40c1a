# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: he
# expect: full
# tests: test_he
# why: correct: rng.normal with scale sqrt(2 / fan_in)
def he_normal(shape, rng):
    return rng.normal(loc=0.0, scale=(2.0 / shape[-1]) ** 0.5, size=tuple(shape))
