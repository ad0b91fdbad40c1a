# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: gain
# expect: lose
# tests: test_gain
# why: bug: a generator of its own with a fixed seed, ignoring rng
def gain_for(g, rng, n=1_000_000):
    z = np.random.default_rng(0).standard_normal(n)
    return float(1.0 / np.sqrt(np.mean(g(z) ** 2)))
