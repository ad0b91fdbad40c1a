# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: gradient_check
# expect: full
# tests: test_gradient_check
# why: correct: the norms as square roots of sums of squares over the keys, in a loop
def relative_error(g, g_hat):
    diff = norm_g = norm_h = 0.0
    for k in g:
        a, b = np.asarray(g[k], dtype=float), np.asarray(g_hat[k], dtype=float)
        diff += np.sum((a - b) ** 2)
        norm_g += np.sum(a**2)
        norm_h += np.sum(b**2)
    denom = np.sqrt(norm_g) + np.sqrt(norm_h)
    return float(np.sqrt(diff) / denom) if denom > 0 else 0.0


def gradient_check(params, X, Y, backward, hidden="relu"):
    def J(p):
        return mlp.loss(p, X, Y, hidden=hidden)
    return relative_error(backward(params, X, Y), numerical_gradient(J, params))
