"""Batch and layer normalisation: gradient checks, an independent naive implementation, shapes, errors."""

import numpy as np
import pytest

from nnlib.gradcheck import numerical_grads, relative_error
from nnlib.normalization import NORMS, batchnorm_backward, batchnorm_forward, layernorm_backward, layernorm_forward


def naive_norm(Z, gamma, beta, eps, over_units):
    """Loop-per-column/row reference: normalise each unit (batch) or each example (layer) one at a time."""
    Z = np.asarray(Z, dtype=float)
    out = np.empty_like(Z)
    n, m = Z.shape[-2:]
    for lead in np.ndindex(Z.shape[:-2]):
        g = np.broadcast_to(gamma, Z.shape[:-2] + (n, 1))[lead]
        b = np.broadcast_to(beta, Z.shape[:-2] + (n, 1))[lead]
        z = Z[lead]
        if over_units:  # layer norm: one example = one column
            for j in range(m):
                col = z[:, j]
                mu = sum(col) / n
                var = sum((c - mu) ** 2 for c in col) / n
                out[lead][:, j] = g[:, 0] * (col - mu) / np.sqrt(var + eps) + b[:, 0]
        else:
            for i in range(n):
                row = z[i]
                mu = sum(row) / m
                var = sum((r - mu) ** 2 for r in row) / m
                out[lead][i] = g[i, 0] * (row - mu) / np.sqrt(var + eps) + b[i, 0]
    return out


CASES = [((4, 7), (4, 1), (4, 1)), ((3, 4, 7), (3, 4, 1), (3, 4, 1)), ((3, 4, 7), (4, 1), (3, 4, 1))]


@pytest.mark.parametrize("kind", ["batch", "layer"])
@pytest.mark.parametrize("shapes", CASES)
def test_forward_matches_naive(kind, shapes, rng):
    Z = 3 * rng.standard_normal(shapes[0]) + 2
    gamma, beta = rng.standard_normal(shapes[1]), rng.standard_normal(shapes[2])
    out, _ = NORMS[kind][0](Z, gamma, beta, eps=1e-3)
    ref = naive_norm(Z, gamma, beta, 1e-3, over_units=kind == "layer")
    assert np.max(np.abs(out - ref)) < 1e-12


@pytest.mark.parametrize("kind", ["batch", "layer"])
def test_normalised_statistics(kind, rng):
    Z = 5 * rng.standard_normal((2, 6, 50)) - 3
    out, _ = NORMS[kind][0](Z, np.ones((6, 1)), np.zeros((6, 1)), eps=1e-12)
    axis = -1 if kind == "batch" else -2
    assert np.allclose(out.mean(axis=axis), 0, atol=1e-12) and np.allclose(out.std(axis=axis), 1, atol=1e-9)
    other = -2 if kind == "batch" else -1
    assert not np.allclose(out.mean(axis=other), 0, atol=1e-3)  # the other axis is not normalised


@pytest.mark.parametrize("kind", ["batch", "layer"])
@pytest.mark.parametrize("shapes", CASES)
def test_gradient_check(kind, shapes, rng):
    forward, backward = NORMS[kind]
    p = {"Z": rng.standard_normal(shapes[0]), "gamma": rng.standard_normal(shapes[1]),
         "beta": rng.standard_normal(shapes[2])}
    R = rng.standard_normal(shapes[0])  # loss = Σ R ⊙ out, so dout = R
    out, cache = forward(p["Z"], p["gamma"], p["beta"])
    dZ, dgamma, dbeta = backward(R, cache)
    assert dZ.shape == shapes[0] and dgamma.shape == shapes[1] and dbeta.shape == shapes[2]
    numeric = numerical_grads(lambda q: np.sum(R * forward(q["Z"], q["gamma"], q["beta"])[0]), p)
    assert relative_error({"dZ": dZ, "dgamma": dgamma, "dbeta": dbeta}, numeric) < 1e-7


def test_batchnorm_gradient_sums_to_zero_over_examples(rng):
    out, cache = batchnorm_forward(rng.standard_normal((5, 9)), np.ones((5, 1)), np.zeros((5, 1)))
    dZ, _, _ = batchnorm_backward(rng.standard_normal((5, 9)), cache)
    assert np.abs(dZ.sum(axis=-1)).max() < 1e-12  # shifting a unit by a constant changes nothing


def test_scale_invariance(rng):
    Z = rng.standard_normal((6, 20))
    g, b = rng.standard_normal((6, 1)), rng.standard_normal((6, 1))
    for f in (batchnorm_forward, layernorm_forward):
        a, _ = f(Z, g, b, eps=1e-12)
        c, _ = f(1000 * Z, g, b, eps=1e-12)
        assert np.max(np.abs(a - c)) < 1e-8


def test_identical_units_stay_identical(rng):
    # normalisation does not break symmetry: two equal rows normalise (batch) to equal rows
    Z = np.repeat(rng.standard_normal((1, 30)), 4, axis=0)
    out, cache = batchnorm_forward(Z, np.ones((4, 1)), np.zeros((4, 1)))
    assert np.ptp(out, axis=0).max() == 0
    dZ, _, _ = batchnorm_backward(np.repeat(rng.standard_normal((1, 30)), 4, axis=0), cache)
    assert np.ptp(dZ, axis=0).max() == 0


def test_errors(rng):
    Z = rng.standard_normal((4, 7))
    with pytest.raises(ValueError, match=r"gamma has shape \(7, 1\).*\(\[K,\] 4, 1\)"):
        batchnorm_forward(Z, np.ones((7, 1)), np.zeros((4, 1)))
    with pytest.raises(ValueError, match="beta has shape"):
        layernorm_forward(Z, np.ones((4, 1)), np.zeros(4))
    with pytest.raises(ValueError, match="eps"):
        batchnorm_forward(Z, np.ones((4, 1)), np.zeros((4, 1)), eps=0)
    with pytest.raises(ValueError, match="non-finite"):
        batchnorm_forward(np.full((4, 7), np.nan), np.ones((4, 1)), np.zeros((4, 1)))
    _, cache = layernorm_forward(Z, np.ones((4, 1)), np.zeros((4, 1)))
    with pytest.raises(ValueError, match=r"dout has shape \(4, 6\)"):
        layernorm_backward(np.ones((4, 6)), cache)
