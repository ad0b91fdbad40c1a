# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: residual_predict
# expect: full
# tests: test_residual_predict
# why: correct: the variance recursion block by block, E[H_l^2] = E[H_{l-1}^2] + c_b * c_a * E[H_{l-1}^2] / 2
def predicted_rms(q0, blocks, c_a=2.0, c_b=2.0):
    q = [q0]
    for _ in range(blocks):
        branch = c_b * (c_a * q[-1] / 2)
        q.append(q[-1] + branch)
    return np.sqrt(np.array(q))
