"""nnlib.lsuv, nnlib.propagation and nnlib.compare: properties against closed forms and nnlib itself."""

import numpy as np
import pytest

from nnlib import data
from nnlib.compare import INIT_SPECS, Comparison, compare, stack_params
from nnlib.lsuv import lsuv
from nnlib.mlp import accuracy, forward, init_params
from nnlib.propagation import gradient_profile, product_singular_values, propagate, signal_profile


# --- lsuv -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("hidden", ["relu", "tanh", "sigmoid", "linear"])
def test_lsuv_gives_unit_variance_in_every_layer(hidden):
    rng = np.random.default_rng(0)
    X = 3.0 * rng.standard_normal((20, 200)) + 1.0
    p = lsuv(init_params([20, 40, 40, 40, 3], rng), X, hidden, rng)
    _, cache = forward(p, X, hidden, "softmax")
    for l in range(1, 5):
        assert abs(cache[f"Z{l}"].var() - 1.0) <= 0.1, (hidden, l, cache[f"Z{l}"].var())


def test_lsuv_weights_are_scaled_orthogonal_and_input_untouched():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((30, 100))
    p0 = init_params([30, 30, 30], rng, init="zeros")
    p = lsuv(p0, X, "tanh", rng)
    assert np.all(p0["W1"] == 0)  # not modified in place
    for l in (1, 2):
        W = p[f"W{l}"]
        s = np.linalg.svd(W, compute_uv=False)
        np.testing.assert_allclose(s, s[0], rtol=1e-10)  # orthogonal times a scalar


def test_lsuv_stacked_networks_each_normalised():
    rng = np.random.default_rng(2)
    X = rng.standard_normal((10, 300))
    p = lsuv(init_params([10, 25, 25, 1], rng, stack=4), X, "relu", rng, tol=0.01)
    Zs, _ = propagate(p, X, "relu")
    var = np.stack([Z.var(axis=(-2, -1)) for Z in Zs], axis=-1)
    assert var.shape == (4, 3)
    np.testing.assert_allclose(var, 1.0, atol=0.01)


def test_lsuv_rejects_bad_arguments():
    rng = np.random.default_rng(3)
    p = init_params([4, 5, 1], rng)
    X = rng.standard_normal((4, 10))
    with pytest.raises(ValueError, match="hidden activation"):
        lsuv(p, X, "swish", rng)
    with pytest.raises(TypeError, match="rng"):
        lsuv(p, X, "relu", 0)
    with pytest.raises(ValueError, match="features"):
        lsuv(p, X[:3], "relu", rng)
    with pytest.raises(ValueError, match="tol"):
        lsuv(p, X, "relu", rng, tol=-1)


# --- propagation ----------------------------------------------------------------------------------
def test_propagate_matches_forward_hidden_layers():
    rng = np.random.default_rng(4)
    p = init_params([5, 7, 6, 2], rng, stack=3)
    X = rng.standard_normal((5, 11))
    Zs, As = propagate(p, X, "tanh")
    _, cache = forward(p, X, "tanh", "sigmoid")
    for l in (1, 2):
        np.testing.assert_allclose(As[l - 1], cache[f"A{l}"])
    np.testing.assert_allclose(Zs[2], cache["Z3"])
    assert np.allclose(As[2], np.tanh(Zs[2]))


def test_signal_profile_variance_formula_linear_and_relu():
    # Var(z_l) = n_{l-1} Var(w) E[a_{l-1}^2]: linear keeps Var(z) with LeCun, ReLU with He
    rng = np.random.default_rng(5)
    n, m = 400, 400
    X = rng.standard_normal((n, m))
    for hidden, init, first in (("linear", "lecun_normal", 1.0), ("relu", "he_normal", 2.0)):
        prof = signal_profile(init_params([n] * 6, rng, init=init), X, hidden)
        assert prof["var_z"].shape == (5,)
        # layer 1 sees E[x^2] = 1; after that E[a^2] = Var(z)/2 for ReLU, cancelled by He's factor 2
        np.testing.assert_allclose(prof["var_z"], first, rtol=0.15)
    prof = signal_profile(init_params([n] * 6, rng, init="lecun_normal"), X, "relu")
    per_layer = (prof["var_z"][-1] / prof["var_z"][0]) ** (1 / 4)  # geometric mean of 4 ratios
    assert per_layer == pytest.approx(0.5, rel=0.1)  # ReLU halves E[a^2], LeCun does not compensate


def test_gradient_profile_matches_a_manual_backward_pass():
    rng = np.random.default_rng(6)
    p = init_params([4, 5, 3], rng)
    X = rng.standard_normal((4, 8))
    prof = gradient_profile(p, X, "tanh", np.random.default_rng(7))
    dA = np.random.default_rng(7).standard_normal((3, 8))
    Z1 = p["W1"] @ X
    A1 = np.tanh(Z1)
    dZ2 = dA * (1 - np.tanh(p["W2"] @ A1) ** 2)
    dZ1 = (p["W2"].T @ dZ2) * (1 - A1 ** 2)
    np.testing.assert_allclose(prof["dZ_rms"], [np.sqrt((dZ1 ** 2).mean()), np.sqrt((dZ2 ** 2).mean())])
    dW1 = dZ1 @ X.T / 8
    np.testing.assert_allclose(prof["dW_rms"][0], np.sqrt((dW1 ** 2).mean()))


def test_product_singular_values_orthogonal_stay_one():
    rng = np.random.default_rng(8)
    Ws = [init_params([6, 6], rng, init="orthogonal", stack=2)["W1"] for _ in range(10)]
    s = product_singular_values(Ws)
    assert s.shape == (10, 2, 6)
    np.testing.assert_allclose(s, 1.0, atol=1e-10)
    with pytest.raises(ValueError, match="square"):
        product_singular_values([np.ones((2, 3))])


# --- compare --------------------------------------------------------------------------------------
def test_stack_params_concatenates_and_validates():
    rng = np.random.default_rng(9)
    a, b = init_params([2, 3, 1], rng, stack=2), init_params([2, 3, 1], rng, stack=3)
    s = stack_params([a, b])
    assert s["W1"].shape == (5, 3, 2)
    np.testing.assert_array_equal(s["W2"][2:], b["W2"])
    with pytest.raises(ValueError, match="stacked"):
        stack_params([init_params([2, 3, 1], rng)])


def test_compare_shapes_and_network_lookup():
    rng = np.random.default_rng(10)
    X, Y = data.circles(120, rng)
    specs = {k: INIT_SPECS[k] for k in ("zeros", "He")}
    c = compare(specs, [2, 8, 1], X, Y, rng, seeds=3, hidden="tanh", lr=0.5, steps=50, X_test=X, Y_test=Y,
                record_every=10)
    assert isinstance(c, Comparison)
    assert c.train_accuracy.shape == c.test_accuracy.shape == c.steps_to_target.shape == (2, 3)
    assert c.loss.shape == (len(c.step), 2, 3)
    # zeros with tanh cannot break symmetry: all three seeds are the same network
    np.testing.assert_allclose(c.loss[:, 0, 0], c.loss[:, 0, 2])
    net = c.network("He", seed=1)
    assert net["W1"].shape == (8, 2)
    assert accuracy(net, X, Y, "tanh") == pytest.approx(c.train_accuracy[1, 1])
    with pytest.raises(ValueError, match="inits"):
        compare({}, [2, 8, 1], X, Y, rng)
