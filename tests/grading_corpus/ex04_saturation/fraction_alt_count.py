# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: saturated_fraction
# expect: full
# tests: test_saturated_fraction
# why: correct: np.count_nonzero over the flattened array, a dict of rules
def saturated_fraction(A, activation):
    a = np.ravel(np.asarray(A, dtype=float))
    rules = {"sigmoid": lambda v: (v < 0.01) | (v > 0.99), "tanh": lambda v: np.abs(v) > 0.99,
             "relu": lambda v: v <= 0}
    return np.count_nonzero(rules[activation](a)) / a.size
