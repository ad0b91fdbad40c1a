# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: batchnorm
# expect: lose
# tests: test_bn_forward
# why: bug: eps added to the standard deviation instead of the variance, (Z - mu) / (sigma + eps)
def batchnorm_forward(Z, gamma, beta, eps=1e-5):
    mu = Z.mean(axis=-1, keepdims=True)
    inv_std = 1.0 / (Z.std(axis=-1, keepdims=True) + eps)
    Zhat = (Z - mu) * inv_std
    return gamma * Zhat + beta, (Zhat, inv_std, gamma)


def batchnorm_backward(dout, cache):
    Zhat, inv_std, gamma = cache
    m = Zhat.shape[-1]
    dZhat = dout * gamma
    dZ = inv_std / m * (m * dZhat - dZhat.sum(axis=-1, keepdims=True)
                        - Zhat * (dZhat * Zhat).sum(axis=-1, keepdims=True))
    return dZ, (dout * Zhat).sum(axis=-1, keepdims=True), dout.sum(axis=-1, keepdims=True)
