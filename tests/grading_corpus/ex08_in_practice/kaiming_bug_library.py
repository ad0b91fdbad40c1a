# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: kaiming
# expect: lose
# tests: test_kaiming
# why: bug: hands in nnlib's own torch_linear (switched off by the setup cell); its kaiming_uniform, built on nnlib's he_uniform, is correct
def kaiming_uniform(shape, rng, a=0.0, mode="fan_in"):
    return nnlib.initializers.he_uniform(shape, rng, mode=mode) * math.sqrt(1.0 / (1.0 + a * a))


def torch_linear(shape, rng):
    return nnlib.frameworks.torch_linear(shape, rng)
