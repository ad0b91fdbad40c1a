# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: gradient_check
# expect: lose
# tests: test_gradient_check
# why: bug: the loss is computed with the default relu, `hidden` not passed on
def relative_error(g, g_hat):
    keys = sorted(g)
    a = np.concatenate([np.ravel(g[k]) for k in keys])
    b = np.concatenate([np.ravel(g_hat[k]) for k in keys])
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def gradient_check(params, X, Y, backward, hidden="relu"):
    numeric = numerical_gradient(lambda p: mlp.loss(p, X, Y), params)
    return relative_error(backward(params, X, Y), numeric)
