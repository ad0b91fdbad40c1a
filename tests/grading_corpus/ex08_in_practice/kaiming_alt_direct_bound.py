# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: kaiming
# expect: full
# tests: test_kaiming
# why: correct: the bound written as sqrt(6 / ((1 + a^2) fan)), drawn as bound * (2 U[0,1) - 1)
def kaiming_uniform(shape, rng, a=0.0, mode="fan_in"):
    fan = {"fan_in": shape[-1], "fan_out": shape[-2]}[mode]
    bound = np.sqrt(6.0 / ((1.0 + a**2) * fan))
    return bound * (2.0 * rng.random(shape) - 1.0)


def torch_linear(shape, rng):
    return kaiming_uniform(shape, rng, a=np.sqrt(5.0), mode="fan_in")
