# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: first_layer_saturation
# expect: lose
# tests: test_first_layer_saturation
# why: bug: one tail only, P(z > t), the factor 2 forgotten
def first_layer_saturation(scale, fan_in, activation):
    if activation == "relu":
        return 0.5
    t = {"tanh": atanh(0.99), "sigmoid": log(99)}[activation]
    s = scale * sqrt(fan_in)
    return 1 - 0.5 * (1 + erf(t / s / sqrt(2)))
