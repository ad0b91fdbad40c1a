# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: predict
# expect: full
# tests: test_predict
# why: correct: the closed form c q0 (c/2)^(l-1), vectorised
def predicted_std(c, depth, q0=1.0):
    return np.sqrt(c * q0 * (c / 2.0) ** np.arange(depth))
