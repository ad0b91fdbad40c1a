# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: batchnorm
# expect: full
# tests: test_bn_forward test_bn_backward
# why: correct: forward with np.std-style steps, backward by the staged chain rule (dvar, dmu) of CS231n
def batchnorm_forward(Z, gamma, beta, eps=1e-5):
    m = Z.shape[-1]
    mu = np.sum(Z, axis=-1, keepdims=True) / m
    xc = Z - mu
    var = np.sum(xc**2, axis=-1, keepdims=True) / m
    std = np.sqrt(var + eps)
    Zhat = xc / std
    return gamma * Zhat + beta, {"xc": xc, "std": std, "Zhat": Zhat, "gamma": gamma, "m": m}


def batchnorm_backward(dout, cache):
    xc, std, Zhat, gamma, m = cache["xc"], cache["std"], cache["Zhat"], cache["gamma"], cache["m"]
    dbeta = np.sum(dout, axis=-1, keepdims=True)
    dgamma = np.sum(dout * Zhat, axis=-1, keepdims=True)
    dZhat = dout * gamma
    dvar = np.sum(dZhat * xc, axis=-1, keepdims=True) * -0.5 * std**-3
    dmu = -np.sum(dZhat / std, axis=-1, keepdims=True) + dvar * np.sum(-2.0 * xc, axis=-1, keepdims=True) / m
    dZ = dZhat / std + dvar * 2.0 * xc / m + dmu / m
    return dZ, dgamma, dbeta
