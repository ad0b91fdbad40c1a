# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: gain
# expect: lose
# tests: test_gain
# why: bug: the draws from numpy's global state
def gain_for(g, rng, n=1_000_000):
    return float(1.0 / np.sqrt(np.mean(g(np.random.standard_normal(n)) ** 2)))
