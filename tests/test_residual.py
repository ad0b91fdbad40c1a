"""Residual MLP, normalised MLP and gradient descent: gradient checks, identity at init, signal growth."""

import numpy as np
import pytest
from conftest import binary_labels, onehot_labels

from nnlib import descent, mlp, normnet, residual
from nnlib.gradcheck import numerical_grads, relative_error


def perturbed(params, rng, scale=0.3):
    """Zero-initialised arrays would make parts of the gradient check trivial: give everything a value."""
    return {k: v + scale * rng.standard_normal(v.shape) for k, v in params.items()}


@pytest.mark.parametrize("hidden", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("output,n_out", [("sigmoid", 1), ("softmax", 3)])
@pytest.mark.parametrize("stack", [None, 2])
def test_residual_gradient_check(hidden, output, n_out, stack, rng):
    p = perturbed(residual.init_params(3, 5, n_out, 3, rng, stack=stack), rng)
    X = rng.standard_normal((3, 8))
    lead = () if stack is None else (stack,)
    Y = binary_labels(rng, 1, 8, lead) if output == "sigmoid" else onehot_labels(rng, n_out, 8, lead)
    loss, grads = residual.loss_and_grads(p, X, Y, hidden, output)
    assert sorted(grads) == sorted("d" + k for k in p)
    numeric = numerical_grads(lambda q: residual.loss(q, X, Y, hidden, output), p)
    assert relative_error(grads, numeric) < 1e-7


def test_residual_backward_matches_mlp_without_blocks(rng):
    # zero blocks = a 2-layer linear-then-output network: compare with nnlib.mlp (hidden="linear")
    p = residual.init_params(4, 6, 1, 0, rng)
    p["b_in"] = rng.standard_normal(p["b_in"].shape)
    X, Y = rng.standard_normal((4, 10)), binary_labels(rng, 1, 10)
    q = {"W1": p["W_in"], "b1": p["b_in"], "W2": p["W_out"], "b2": p["b_out"]}
    _, cache = mlp.forward(q, X, "linear")
    g_mlp = mlp.backward(q, cache, Y)
    _, g_res = residual.loss_and_grads(p, X, Y)
    assert np.allclose(g_mlp["dW1"], g_res["dW_in"], atol=1e-14) and np.allclose(g_mlp["dW2"], g_res["dW_out"])
    assert residual.loss(p, X, Y) == pytest.approx(mlp.loss(q, X, Y, "linear"), rel=1e-12)


def test_zero_branch_end_is_identity_and_learns(rng):
    X, Y = rng.standard_normal((2, 50)), binary_labels(rng, 1, 50)
    p = residual.init_params(2, 16, 1, 20, rng, branch_end="zero")
    _, cache = residual.forward(p, X)
    for l in range(1, 21):
        assert np.array_equal(cache[f"H{l}"], cache["H0"])
    _, grads = residual.loss_and_grads(p, X, Y)
    assert all(np.abs(grads[f"dWb{l}"]).max() > 0 for l in range(1, 21))  # the zero layers move at once


def test_signal_grows_as_three_to_the_blocks_under_he(rng):
    # E[H_l²] = 3 E[H_{l-1}²] for He ReLU branches; averaged over 10 stacked nets of width 128
    X = rng.standard_normal((16, 200))
    p = residual.init_params(16, 128, 1, 6, rng, stack=10)
    rms = residual.stream_rms(p, X).mean(axis=0)
    growth = (rms[1:] / rms[:-1]) ** 2
    assert np.allclose(growth, 3.0, rtol=0.15), growth  # spread over seeds ≈ ±7 %
    z = residual.stream_rms(residual.init_params(16, 128, 1, 6, rng, branch_end="zero", stack=4), X)
    assert np.allclose(z, z[..., :1])


def test_fixup_scales_the_first_branch_layer(rng):
    a = residual.init_params(5, 64, 1, 16, np.random.default_rng(1))
    b = residual.init_params(5, 64, 1, 16, np.random.default_rng(1), fixup=True, branch_end="zero")
    assert np.allclose(b["Wa3"], a["Wa3"] / 4) and not np.any(b["Wb3"])


def test_residual_errors(rng):
    with pytest.raises(ValueError, match="branch_end"):
        residual.init_params(2, 4, 1, 2, rng, branch_end="ones")
    p = residual.init_params(2, 4, 1, 2, rng)
    with pytest.raises(ValueError, match=r"X has shape \(3, 5\).*expects 2"):
        residual.forward(p, np.ones((3, 5)))
    del p["Wb2"]
    with pytest.raises(ValueError, match="residual params must have keys"):
        residual.forward(p, np.ones((2, 5)))


@pytest.mark.parametrize("norm", ["batch", "layer", None])
@pytest.mark.parametrize("hidden", ["relu", "tanh"])
@pytest.mark.parametrize("stack", [None, 2])
def test_normnet_gradient_check(norm, hidden, stack, rng):
    p = perturbed(normnet.init_params([3, 6, 5, 2], rng, stack=stack), rng)
    X = rng.standard_normal((3, 9))
    Y = onehot_labels(rng, 2, 9, () if stack is None else (stack,))
    loss, grads = normnet.loss_and_grads(p, X, Y, hidden, "softmax", norm)
    numeric = numerical_grads(lambda q: normnet.loss(q, X, Y, hidden, "softmax", norm), p)
    assert relative_error(grads, numeric) < 1e-7


def test_normnet_without_norm_is_the_plain_mlp(rng):
    p = normnet.init_params([2, 8, 8, 1], rng)
    X, Y = rng.standard_normal((2, 20)), binary_labels(rng, 1, 20)
    plain = {k: v for k, v in p.items() if k[0] in "Wb" and k[1:].isdigit()}
    _, g = normnet.loss_and_grads(p, X, Y, "tanh", norm=None)
    _, cache = mlp.forward(plain, X, "tanh")
    ref = mlp.backward(plain, cache, Y)
    assert relative_error({k: g[k] for k in ref}, ref) < 1e-12


def test_batchnorm_makes_the_weight_scale_irrelevant(rng):
    X, Y = rng.standard_normal((2, 40)), binary_labels(rng, 1, 40)
    p = normnet.init_params([2, 8, 8, 1], rng)
    big = dict(p, W1=100 * p["W1"], W2=100 * p["W2"])
    assert normnet.loss(p, X, Y, norm="batch") == pytest.approx(normnet.loss(big, X, Y, norm="batch"), rel=1e-4)
    assert normnet.loss(p, X, Y, norm=None) != pytest.approx(normnet.loss(big, X, Y, norm=None), rel=0.1)


def test_gradient_descent_and_update_ratios(rng):
    X, Y = rng.standard_normal((2, 60)), binary_labels(rng, 1, 60)
    p0 = residual.init_params(2, 8, 1, 2, rng, branch_end="zero", stack=3)
    p, h = descent.gradient_descent(p0, X, Y, residual.loss_and_grads, lr=0.1, steps=50, record_every=10)
    assert list(h["step"]) == [0, 10, 20, 30, 40, 50] and h["loss"].shape == (6, 3)
    assert np.all(h["loss"][-1] < h["loss"][0]) and not np.any(p0["Wb1"])  # input not modified
    _, g = residual.loss_and_grads(p0, X, Y)
    r = descent.update_ratios(p0, g, lr=0.1)
    assert np.all(np.isinf(r["Wb1"])) and r["W_in"].shape == (3,)
    manual = 0.1 * np.linalg.norm(g["dW_in"][1]) / np.linalg.norm(p0["W_in"][1])
    assert r["W_in"][1] == pytest.approx(manual)
    with pytest.raises(ValueError, match="lr"):
        descent.gradient_descent(p0, X, Y, residual.loss_and_grads, lr=-1)


def test_gradient_descent_stops_once_every_network_diverged(rng):
    X, Y = rng.standard_normal((2, 60)), binary_labels(rng, 1, 60)
    p0 = residual.init_params(2, 16, 1, 32, rng, stack=2)  # plain He, 32 blocks: the signal is ~3^16 times larger
    _, h = descent.gradient_descent(p0, X, Y, residual.loss_and_grads, lr=0.05, steps=500, record_every=100)
    assert np.all(h["nonfinite_step"] >= 0) and h["step"][-1] < 500 and not np.all(np.isfinite(h["loss"][-1]))
    _, h = descent.gradient_descent(p0, X, Y, residual.loss_and_grads, lr=0.05, steps=5, stop_nonfinite=False)
    assert h["step"][-1] == 5
