# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: predict
# expect: lose
# tests: test_predict
# why: bug: He's constant sqrt(2) typed in for every c
def predicted_std(c, depth, q0=1.0):
    return np.full(depth, np.sqrt(2 * q0))
