# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: gain
# expect: lose
# tests: test_gain
# why: bug: the variance of g(z) instead of its mean square
def gain_for(g, rng, n=1_000_000):
    return float(1.0 / np.std(g(rng.standard_normal(n))))
