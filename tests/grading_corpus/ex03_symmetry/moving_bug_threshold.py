# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: moving_parameters
# expect: lose
# tests: test_moving_parameters
# why: bug: a threshold of 1e-3 on the gradient size where the task asks for exactly 0
def moving_parameters(params, X, Y, hidden):
    _, cache = mlp.forward(params, X, hidden=hidden)
    grads = mlp.backward(params, cache, Y)
    return {k for k in params if np.abs(grads["d" + k]).max() > 1e-3}
