# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: first_layer_saturation
# expect: full
# tests: test_first_layer_saturation
# why: correct: scipy.stats.norm survival and cumulative functions, one tail each side
from scipy.stats import norm


def first_layer_saturation(scale, fan_in, activation):
    s = scale * np.sqrt(fan_in)
    if activation == "relu":
        return float(norm.cdf(0.0, scale=s))
    t = np.arctanh(0.99) if activation == "tanh" else np.log(99.0)
    return float(norm.sf(t, scale=s) + norm.cdf(-t, scale=s))
