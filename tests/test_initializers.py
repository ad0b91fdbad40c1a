"""Initializers: shapes, statistics over many draws, orthogonality, determinism, independence."""

import math

import numpy as np
import pytest

from nnlib.initializers import INITIALIZERS, get_initializer, orthogonal

FAN_OUT, FAN_IN = 40, 60
N_DRAWS = 200  # 200 * 40 * 60 = 480,000 samples per variance estimate

# name -> (hyper, expected variance for shape (FAN_OUT, FAN_IN))
VARIANCE = {
    "normal": ({"std": 0.3}, 0.09),
    "uniform": ({"limit": 0.3}, 0.09 / 3),
    "lecun_normal": ({}, 1 / FAN_IN),
    "xavier_normal": ({"gain": 5 / 3}, (5 / 3) ** 2 * 2 / (FAN_IN + FAN_OUT)),
    "xavier_uniform": ({"gain": 2.0}, 4.0 * 2 / (FAN_IN + FAN_OUT)),
    "he_normal": ({}, 2 / FAN_IN),
    "he_uniform": ({}, 2 / FAN_IN),
    "orthogonal": ({"gain": 1.0}, 1 / FAN_IN),  # rows orthonormal in dimension FAN_IN: E[w²] = 1/FAN_IN
}
LIMIT = {"uniform": 0.3, "xavier_uniform": 2.0 * math.sqrt(6 / (FAN_IN + FAN_OUT)), "he_uniform": math.sqrt(6 / FAN_IN)}


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 3, 5), (2, 3, 4, 5)])
def test_shape_and_dtype(name, shape, rng):
    W = INITIALIZERS[name](shape, rng)
    assert W.shape == shape and W.dtype == np.float64 and np.all(np.isfinite(W))


@pytest.mark.parametrize("name", sorted(VARIANCE))
def test_variance_over_many_draws(name, rng):
    hyper, expected = VARIANCE[name]
    W = get_initializer(name, **hyper)((N_DRAWS, FAN_OUT, FAN_IN), rng)
    n = W.size
    # The sample variance of n draws has relative standard error sqrt(2/n) for a Gaussian (smaller for
    # uniform); 6 standard errors make a false failure practically impossible, while a factor-2 error
    # in the formula is hundreds of standard errors away.
    tolerance = 6 * math.sqrt(2 / n) * expected
    assert abs(W.var() - expected) < tolerance, (W.var(), expected)
    assert abs(W.mean()) < 6 * math.sqrt(expected / n)


@pytest.mark.parametrize("name", sorted(LIMIT))
def test_uniform_limits(name, rng):
    hyper = VARIANCE[name][0]
    W = get_initializer(name, **hyper)((N_DRAWS, FAN_OUT, FAN_IN), rng)
    limit = LIMIT[name]
    assert np.abs(W).max() <= limit
    assert np.abs(W).max() > 0.999 * limit  # the support really reaches the limit


@pytest.mark.parametrize("shape", [(6, 6), (4, 9), (9, 4), (5, 4, 9), (5, 9, 4), (2, 3, 7, 7)])
@pytest.mark.parametrize("gain", [1.0, 0.5, 2.0])
def test_orthogonal(shape, gain, rng):
    W = orthogonal(shape, rng, gain=gain)
    rows, cols = shape[-2:]
    k = min(rows, cols)
    gram = W @ W.swapaxes(-1, -2) if rows <= cols else W.swapaxes(-1, -2) @ W
    np.testing.assert_allclose(gram, np.broadcast_to(gain**2 * np.eye(k), gram.shape), atol=1e-12)
    np.testing.assert_allclose(np.linalg.svd(W, compute_uv=False), gain, atol=1e-12)


def test_orthogonal_is_haar_not_sign_biased(rng):
    # Without the sign correction, QR makes diag(R) > 0 and biases the diagonal of Q.
    W = orthogonal((4000, 3, 3), rng)
    assert abs(np.diagonal(W, axis1=-2, axis2=-1).mean()) < 0.05


@pytest.mark.parametrize("name", sorted(INITIALIZERS))
def test_same_seed_same_array(name):
    a = INITIALIZERS[name]((4, 5, 3), np.random.default_rng(7))
    b = INITIALIZERS[name]((4, 5, 3), np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", ["normal", "uniform", "lecun_normal", "xavier_normal", "xavier_uniform",
                                  "he_normal", "he_uniform", "orthogonal"])
def test_stacked_draws_are_independent(name, rng):
    # Correlation between the flattened draws of different networks in a stack is ~N(0, 1/n).
    W = INITIALIZERS[name]((50, 30, 30), rng).reshape(50, -1)
    corr = np.corrcoef(W)[np.triu_indices(50, 1)]
    assert np.abs(corr).max() < 6 / math.sqrt(W.shape[1])
    assert not np.any(np.all(W[1:] == W[0], axis=1))


def test_zeros_and_constant():
    assert not np.any(INITIALIZERS["zeros"]((3, 4)))
    assert np.all(get_initializer("constant", value=0.25)((3, 4), None) == 0.25)


def test_get_initializer_binds_hyper(rng):
    init = get_initializer("normal", std=0.01)
    assert init.__name__ == "normal"
    assert 0.005 < init((200, 200), rng).std() < 0.015


# --- the public defaults, the accepted shapes and the error messages that name the initializer ----------

FAN_BASED = ["lecun_normal", "xavier_normal", "xavier_uniform", "he_normal", "he_uniform", "orthogonal"]
NEEDS_RNG = sorted(set(INITIALIZERS) - {"zeros", "constant"})


def test_defaults_are_the_documented_ones(rng):
    shape = (N_DRAWS, FAN_OUT, FAN_IN)
    assert np.all(INITIALIZERS["constant"]((2, 3)) == 0.5)  # lesson 03's constant start
    W = INITIALIZERS["normal"](shape, rng)  # the classic randn * 0.01
    assert abs(W.std() - 0.01) < 6 * math.sqrt(1 / (2 * W.size)) * 0.01
    W = INITIALIZERS["uniform"](shape, rng)  # U[-0.05, 0.05]
    assert 0.999 * 0.05 < np.abs(W).max() <= 0.05
    # gain = 1 by default: Glorot's variance 2 / (fan_in + fan_out), and singular values 1
    W = INITIALIZERS["xavier_normal"](shape, rng)
    assert abs(W.var() - 2 / (FAN_IN + FAN_OUT)) < 6 * math.sqrt(2 / W.size) * 2 / (FAN_IN + FAN_OUT)
    limit = math.sqrt(6 / (FAN_IN + FAN_OUT))
    assert 0.999 * limit < np.abs(INITIALIZERS["xavier_uniform"](shape, rng)).max() <= limit
    np.testing.assert_allclose(np.linalg.svd(INITIALIZERS["orthogonal"]((7, 4), rng), compute_uv=False), 1.0,
                               atol=1e-12)


@pytest.mark.parametrize("name", ["normal", "uniform"])
def test_scale_zero_is_allowed_and_gives_zeros(name, rng):
    hyper = {"normal": "std", "uniform": "limit"}[name]
    W = get_initializer(name, **{hyper: 0.0})((3, 4), rng)
    assert W.shape == (3, 4) and not np.any(W)
    with pytest.raises(ValueError, match=rf"^{name}: {hyper} must be finite and >= 0, got -0.1"):
        get_initializer(name, **{hyper: -0.1})((3, 4), rng)


@pytest.mark.parametrize("name", ["zeros", "constant", "normal", "uniform"])
def test_fan_free_initializers_accept_any_shape(name, rng):
    # they need no fan, so a vector (a bias) is a valid shape; a zero size is still an error naming them
    assert INITIALIZERS[name]((5,), rng).shape == (5,)
    with pytest.raises(ValueError, match=rf"^{name}: shape must have at least 1 positive sizes"):
        INITIALIZERS[name]((0,), rng)


@pytest.mark.parametrize("name", FAN_BASED)
def test_fan_based_initializers_need_two_axes_and_say_so(name, rng):
    with pytest.raises(ValueError, match=rf"^{name}: shape must have at least 2 positive sizes"):
        INITIALIZERS[name]((5,), rng)


@pytest.mark.parametrize("name", NEEDS_RNG)
def test_missing_rng_error_names_the_initializer(name):
    with pytest.raises(TypeError, match=rf"^{name}: rng must be a numpy.random.Generator, got int"):
        INITIALIZERS[name]((3, 4), 42)


@pytest.mark.parametrize("name", ["xavier_normal", "xavier_uniform", "orthogonal"])
def test_bad_gain_error_names_the_initializer_and_argument(name, rng):
    with pytest.raises(ValueError, match=rf"^{name}: gain must be finite and > 0, got 0"):
        INITIALIZERS[name]((3, 4), rng, gain=0)


def test_constant_value_error_names_the_argument():
    with pytest.raises(ValueError, match=r"^constant: value must be finite, got inf"):
        INITIALIZERS["constant"]((2, 2), value=float("inf"))


def test_get_initializer_errors_name_what_is_accepted():
    with pytest.raises(ValueError, match=r"^unknown initializer 'he'; valid names: \["):
        get_initializer("he")
    # shape and rng are the call's arguments, not hyper-parameters to bind
    for arg in ("shape", "rng"):
        message = rf"^initializer 'normal' does not take \['{arg}'\]; it accepts \['std'\]$"
        with pytest.raises(ValueError, match=message):
            get_initializer("normal", **{arg: None})
    with pytest.raises(ValueError, match=r"does not take \['gain'\]; it accepts no hyper-parameters$"):
        get_initializer("lecun_normal", gain=2.0)
