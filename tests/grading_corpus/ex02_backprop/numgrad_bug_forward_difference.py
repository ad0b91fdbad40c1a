# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: numerical_gradient
# expect: lose
# tests: test_numerical_gradient
# why: bug: a one-sided difference (f(theta + eps) - f(theta)) / eps, error of order eps
def numerical_gradient(f, params, eps=1e-6):
    grads = {}
    for key, P in params.items():
        G = np.zeros(P.shape)
        base = f(params)
        for idx in np.ndindex(P.shape):
            old = P[idx]
            P[idx] = old + eps
            G[idx] = (f(params) - base) / eps
            P[idx] = old
        grads["d" + key] = G
    return grads
