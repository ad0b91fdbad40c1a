# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: moving_parameters
# expect: full
# tests: test_moving_parameters
# why: correct: np.count_nonzero over the gradient dict, names rebuilt from the keys
def moving_parameters(params, X, Y, hidden):
    cache = mlp.forward(params, X, hidden=hidden)[1]
    grads = mlp.backward(params, cache, Y)
    moving = set()
    for key, grad in grads.items():
        if np.count_nonzero(grad) > 0:
            moving.add(key[1:])
    return moving
