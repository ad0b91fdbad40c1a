# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: kaiming
# expect: lose
# tests: test_kaiming
# why: bug: gain sqrt(2 / (1 + a)) instead of sqrt(2 / (1 + a^2)) (right for a = 0 and a = 1, wrong for sqrt(5))
def kaiming_uniform(shape, rng, a=0.0, mode="fan_in"):
    fan = shape[-1] if mode == "fan_in" else shape[-2]
    bound = math.sqrt(3.0) * math.sqrt(2.0 / (1.0 + a)) / math.sqrt(fan)
    return rng.uniform(-bound, bound, size=shape)


def torch_linear(shape, rng):
    return kaiming_uniform(shape, rng, a=math.sqrt(5))
