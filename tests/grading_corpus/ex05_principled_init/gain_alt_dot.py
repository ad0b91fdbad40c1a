# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: gain
# expect: full
# tests: test_gain
# why: correct: rng.normal and a dot product for the mean square
def gain_for(g, rng, n=1_000_000):
    a = np.asarray(g(rng.normal(size=n)), dtype=float)
    return float(np.sqrt(n / np.dot(a, a)))
