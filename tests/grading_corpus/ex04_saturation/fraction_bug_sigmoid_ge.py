# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: saturated_fraction
# expect: lose
# tests: test_saturated_fraction
# why: bug: >= 0.99 for sigmoid (0.99 itself counted)
def saturated_fraction(A, activation):
    A = np.asarray(A, dtype=float)
    mask = {"sigmoid": (A <= 0.01) | (A >= 0.99), "tanh": np.abs(A) > 0.99, "relu": A <= 0}[activation]
    return float(mask.mean())
