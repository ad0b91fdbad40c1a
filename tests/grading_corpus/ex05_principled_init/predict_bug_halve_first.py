# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: predict
# expect: lose
# tests: test_predict
# why: bug: the first layer halved too (its input x is not a relu output)
def predicted_std(c, depth, q0=1.0):
    return np.sqrt(q0 * (c / 2.0) ** np.arange(1, depth + 1))
