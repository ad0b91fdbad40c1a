# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: batchnorm
# expect: lose
# tests: test_bn_forward
# why: bug: normalises each example over the units (axis -2, layer norm) instead of each unit over the batch
def batchnorm_forward(Z, gamma, beta, eps=1e-5):
    mu = Z.mean(axis=-2, keepdims=True)
    inv_std = 1.0 / np.sqrt(Z.var(axis=-2, keepdims=True) + eps)
    Zhat = (Z - mu) * inv_std
    return gamma * Zhat + beta, (Zhat, inv_std, gamma)


def batchnorm_backward(dout, cache):
    Zhat, inv_std, gamma = cache
    n = Zhat.shape[-2]
    dZhat = dout * gamma
    dZ = inv_std / n * (n * dZhat - dZhat.sum(axis=-2, keepdims=True)
                        - Zhat * (dZhat * Zhat).sum(axis=-2, keepdims=True))
    return dZ, (dout * Zhat).sum(axis=-1, keepdims=True), dout.sum(axis=-1, keepdims=True)
