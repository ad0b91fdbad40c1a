# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: numerical_gradient
# expect: lose
# tests: test_numerical_gradient
# why: bug: restores by adding and subtracting eps, so params drift by rounding
def numerical_gradient(f, params, eps=1e-6):
    grads = {}
    for key, P in params.items():
        G = np.zeros(P.shape)
        for idx in np.ndindex(P.shape):
            P[idx] += eps
            plus = f(params)
            P[idx] -= 2 * eps
            minus = f(params)
            P[idx] += eps
            G[idx] = (plus - minus) / (2 * eps)
        grads["d" + key] = G
    return grads
