"""Against PyTorch itself: nn.Linear's default draws and torch's batch/layer norm (skipped without torch)."""

import math

import numpy as np
import pytest

from nnlib.frameworks import torch_linear, torch_linear_bias
from nnlib.normalization import batchnorm_backward, batchnorm_forward, layernorm_backward, layernorm_forward

torch = pytest.importorskip(
    "torch", reason="torch is not installed: the comparison with real nn.Linear / BatchNorm1d / LayerNorm is skipped")


def test_nn_linear_draws_match_torch_linear(rng):
    torch.manual_seed(0)
    fan_in, fan_out, K = 80, 30, 200
    Wt = np.stack([torch.nn.Linear(fan_in, fan_out).weight.detach().double().numpy() for _ in range(K)])
    bt = np.stack([torch.nn.Linear(fan_in, fan_out).bias.detach().double().numpy() for _ in range(K)])
    Wn = torch_linear((K, fan_out, fan_in), rng)
    bn = torch_linear_bias((K, fan_out, 1), rng, fan_in)
    limit = 1 / math.sqrt(fan_in)
    assert np.abs(Wt).max() <= limit * (1 + 1e-6) and np.abs(Wt).max() > 0.999 * limit
    assert np.abs(bt).max() <= limit * (1 + 1e-6)
    for t, n in ((Wt, Wn), (bt, bn)):
        tol = 6 * limit**2 / 3 * math.sqrt(0.8 / t.size) * math.sqrt(2)  # both variances carry sampling error
        assert abs(t.var() - n.var()) < tol and abs(t.var() - limit**2 / 3) < tol


def _torch_norm(kind, Z, gamma, beta, dout):
    """Run torch's module on the row-major transpose (examples × units) and return out, dZ, dgamma, dbeta."""
    n = Z.shape[0]
    mod = torch.nn.BatchNorm1d(n, eps=1e-5, dtype=torch.float64) if kind == "batch" else \
        torch.nn.LayerNorm(n, eps=1e-5, dtype=torch.float64)
    mod.train()
    with torch.no_grad():
        mod.weight.copy_(torch.from_numpy(gamma[:, 0]))
        mod.bias.copy_(torch.from_numpy(beta[:, 0]))
    x = torch.from_numpy(Z.T.copy()).requires_grad_(True)
    out = mod(x)
    out.backward(torch.from_numpy(dout.T.copy()))
    return (out.detach().numpy().T, x.grad.numpy().T, mod.weight.grad.numpy()[:, None],
            mod.bias.grad.numpy()[:, None])


@pytest.mark.parametrize("kind", ["batch", "layer"])
def test_norms_match_torch(kind, rng):
    Z = 2 * rng.standard_normal((7, 25)) + 1
    gamma, beta, dout = rng.standard_normal((7, 1)), rng.standard_normal((7, 1)), rng.standard_normal((7, 25))
    f, b = (batchnorm_forward, batchnorm_backward) if kind == "batch" else (layernorm_forward, layernorm_backward)
    out, cache = f(Z, gamma, beta)
    ours = (out, *b(dout, cache))
    theirs = _torch_norm(kind, Z, gamma, beta, dout)
    for a, t in zip(ours, theirs, strict=True):
        assert np.max(np.abs(a - t)) < 1e-10
