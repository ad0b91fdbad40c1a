# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: residual_predict
# expect: lose
# tests: test_residual_predict
# why: bug: returns the predicted second moments E[H_l^2], not their square roots
def predicted_rms(q0, blocks, c_a=2.0, c_b=2.0):
    return q0 * (1.0 + c_a * c_b / 2.0) ** np.arange(blocks + 1)
