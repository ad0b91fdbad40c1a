# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: numerical_gradient
# expect: full
# tests: test_numerical_gradient
# why: correct: perturbs copies of the dict (never the caller's arrays), flat indices
def numerical_gradient(f, params, eps=1e-6):
    out = {}
    for name in params:
        grad = np.zeros(np.shape(params[name]))
        for i in range(grad.size):
            shifted = {k: np.array(v, dtype=float) for k, v in params.items()}
            shifted[name].flat[i] += eps
            plus = f(shifted)
            shifted[name].flat[i] -= 2 * eps
            minus = f(shifted)
            grad.flat[i] = (plus - minus) / (2 * eps)
        out["d" + name] = grad
    return out
