# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: batchnorm
# expect: lose
# tests: test_bn_backward
# why: bug: backward treats mu and sigma as constants, dZ = gamma * dout / sigma (drops both mean terms)
def batchnorm_forward(Z, gamma, beta, eps=1e-5):
    mu = Z.mean(axis=-1, keepdims=True)
    inv_std = 1.0 / np.sqrt(Z.var(axis=-1, keepdims=True) + eps)
    Zhat = (Z - mu) * inv_std
    return gamma * Zhat + beta, (Zhat, inv_std, gamma)



def batchnorm_backward(dout, cache):
    Zhat, inv_std, gamma = cache
    return dout * gamma * inv_std, (dout * Zhat).sum(axis=-1, keepdims=True), dout.sum(axis=-1, keepdims=True)
