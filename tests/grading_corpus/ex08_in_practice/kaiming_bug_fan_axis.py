# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: kaiming
# expect: lose
# tests: test_kaiming
# why: bug: takes fan_in from shape[-2] (the row-major, PyTorch-transposed reading of the shape)
def kaiming_uniform(shape, rng, a=0.0, mode="fan_in"):
    fan = shape[-2] if mode == "fan_in" else shape[-1]
    bound = math.sqrt(3.0) * math.sqrt(2.0 / (1.0 + a * a)) / math.sqrt(fan)
    return rng.uniform(-bound, bound, size=shape)


def torch_linear(shape, rng):
    return kaiming_uniform(shape, rng, a=math.sqrt(5))
