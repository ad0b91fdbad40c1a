# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: gain
# expect: lose
# tests: test_gain
# why: bug: always a million draws, whatever n says
def gain_for(g, rng, n=1_000_000):
    z = rng.standard_normal(1_000_000)
    return float(1.0 / np.sqrt(np.mean(g(z) ** 2)))
