# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: predict
# expect: lose
# tests: test_predict
# why: bug: the variances returned instead of the stds
def predicted_std(c, depth, q0=1.0):
    return c * q0 * (c / 2.0) ** np.arange(depth)
