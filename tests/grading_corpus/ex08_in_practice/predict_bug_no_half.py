# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: residual_predict
# expect: lose
# tests: test_residual_predict
# why: bug: forgets that ReLU keeps half the second moment (growth 1 + c_a c_b instead of 1 + c_a c_b / 2)
def predicted_rms(q0, blocks, c_a=2.0, c_b=2.0):
    return np.sqrt(q0 * (1.0 + c_a * c_b) ** np.arange(blocks + 1))
