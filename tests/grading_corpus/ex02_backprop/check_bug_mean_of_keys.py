# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: gradient_check
# expect: lose
# tests: test_gradient_check
# why: bug: the mean of per-key relative errors instead of one norm over all entries
def relative_error(g, g_hat):
    errors = []
    for k in g:
        a, b = np.ravel(g[k]), np.ravel(g_hat[k])
        d = np.linalg.norm(a) + np.linalg.norm(b)
        errors.append(0.0 if d == 0 else np.linalg.norm(a - b) / d)
    return float(np.mean(errors))


def gradient_check(params, X, Y, backward, hidden="relu"):
    numeric = numerical_gradient(lambda p: mlp.loss(p, X, Y, hidden=hidden), params)
    return relative_error(backward(params, X, Y), numeric)
