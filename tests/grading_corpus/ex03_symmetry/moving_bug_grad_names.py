# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: moving_parameters
# expect: lose
# tests: test_moving_parameters
# why: bug: returns the gradient names dW1, ... instead of the parameter names
def moving_parameters(params, X, Y, hidden):
    _, cache = mlp.forward(params, X, hidden=hidden)
    grads = mlp.backward(params, cache, Y)
    return {k for k, g in grads.items() if np.any(g != 0)}
