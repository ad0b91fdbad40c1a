# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: he
# expect: lose
# tests: test_he
# why: bug: np.random.randn, ignoring rng
def he_normal(shape, rng):
    return np.random.randn(*shape) * np.sqrt(2.0 / shape[-1])
