# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: residual_predict
# expect: lose
# tests: test_residual_predict
# why: bug: forgets the skip connection (growth c_a c_b / 2, as in a plain network), so a zero branch end kills the signal
def predicted_rms(q0, blocks, c_a=2.0, c_b=2.0):
    return np.sqrt(q0 * (c_a * c_b / 2.0) ** np.arange(blocks + 1))
