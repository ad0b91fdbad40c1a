"""Framework default initializers and fan modes: statistics over many draws, bounds, truncation, errors."""

import math

import numpy as np
import pytest

from nnlib import frameworks
from nnlib.frameworks import TRUNCATED_STD, default_params, fan, torch_linear_bias, truncated_normal, variance_scaling
from nnlib.initializers import INITIALIZERS, get_initializer

FAN_OUT, FAN_IN = 30, 80  # unequal, so fan_in / fan_out / fan_avg give three different variances
SHAPE = (200, FAN_OUT, FAN_IN)  # 480,000 draws per estimate
FANS = {"fan_in": FAN_IN, "fan_out": FAN_OUT, "fan_avg": (FAN_IN + FAN_OUT) / 2}


def truncated_moments():
    """E[x²] and E[x⁴] of N(0, 1) truncated to (−2, 2), by quadrature (independent of the constant)."""
    x = np.linspace(-2, 2, 400_001)
    w = np.exp(-x * x / 2)
    w /= np.trapezoid(w, x)
    return np.trapezoid(w * x**2, x), np.trapezoid(w * x**4, x)


def assert_variance(W, expected, kurtosis):
    """Sample variance within 6 standard errors: sd(var̂) = σ² √((κ − 1)/n) for kurtosis κ."""
    n = W.size
    tol = 6 * expected * math.sqrt((kurtosis - 1) / n)
    assert abs(W.var() - expected) < tol, (W.var(), expected, tol)
    assert abs(W.mean()) < 6 * math.sqrt(expected / n)


def test_truncated_std_constant_is_the_truncated_normals_std():
    m2, _ = truncated_moments()
    assert math.sqrt(m2) == pytest.approx(TRUNCATED_STD, rel=1e-9)
    # closed form: 1 − 2·2φ(2)/(Φ(2) − Φ(−2))
    phi2 = math.exp(-2) / math.sqrt(2 * math.pi)
    assert math.sqrt(1 - 4 * phi2 / math.erf(2 / math.sqrt(2))) == pytest.approx(TRUNCATED_STD, rel=1e-12)


@pytest.mark.parametrize("mode", sorted(FANS))
def test_torch_linear_is_uniform_one_over_sqrt_fan(mode, rng):
    W = get_initializer("torch_linear", mode=mode)(SHAPE, rng)
    limit = 1 / math.sqrt(FANS[mode])
    assert np.abs(W).max() <= limit and np.abs(W).max() > 0.999 * limit
    assert_variance(W, 1 / (3 * FANS[mode]), kurtosis=1.8)


def test_torch_linear_equals_kaiming_uniform_with_a_sqrt5(rng):
    # PyTorch: gain = sqrt(2 / (1 + a²)), bound = sqrt(3) · gain / sqrt(fan_in)
    a = math.sqrt(5)
    bound = math.sqrt(3) * math.sqrt(2 / (1 + a * a)) / math.sqrt(FAN_IN)
    assert bound == pytest.approx(1 / math.sqrt(FAN_IN), rel=1e-15)
    W = INITIALIZERS["torch_linear"](SHAPE, rng)
    assert np.abs(W).max() <= bound
    assert_variance(W, 1 / (3 * FAN_IN), kurtosis=1.8)  # one third of LeCun's 1/fan_in, a sixth of He's


def test_torch_linear_bias(rng):
    b = torch_linear_bias((2000, 50, 1), rng, fan_in=FAN_IN)
    assert b.shape == (2000, 50, 1)
    assert np.abs(b).max() <= 1 / math.sqrt(FAN_IN)
    assert_variance(b, 1 / (3 * FAN_IN), kurtosis=1.8)
    with pytest.raises(ValueError, match="fan_in"):
        torch_linear_bias((5, 1), rng, fan_in=0)


def test_keras_dense_is_glorot_uniform(rng):
    W = INITIALIZERS["keras_dense"](SHAPE, rng)
    limit = math.sqrt(6 / (FAN_IN + FAN_OUT))
    assert np.abs(W).max() <= limit and np.abs(W).max() > 0.999 * limit
    assert_variance(W, 2 / (FAN_IN + FAN_OUT), kurtosis=1.8)
    # the same distribution as xavier_uniform(gain=1): same support and variance
    X = INITIALIZERS["xavier_uniform"](SHAPE, rng)
    assert np.abs(X).max() <= limit and abs(X.var() - W.var()) < 6 * W.var() * math.sqrt(2 * 0.8 / W.size)


def test_flax_dense_is_truncated_lecun_normal(rng):
    W = INITIALIZERS["flax_dense"](SHAPE, rng)
    m2, m4 = truncated_moments()
    bound = 2 / math.sqrt(FAN_IN) / TRUNCATED_STD
    assert np.abs(W).max() < bound  # truncated at two (pre-correction) standard deviations
    assert np.abs(W).max() > 0.99 * bound
    assert_variance(W, 1 / FAN_IN, kurtosis=m4 / m2**2)  # variance corrected back to exactly 1/fan_in
    kurt = ((W - W.mean()) ** 4).mean() / W.var() ** 2
    assert abs(kurt - m4 / m2**2) < 0.02 and abs(kurt - 3) > 0.5  # light tails: it is not a plain normal


def test_truncated_normal_redraws_until_inside(rng):
    x = truncated_normal((300, 1000), rng)
    assert np.abs(x).max() < 2 and x.std() == pytest.approx(TRUNCATED_STD, rel=6 * math.sqrt(0.7 / x.size))


@pytest.mark.parametrize("mode", sorted(FANS))
@pytest.mark.parametrize("distribution", ["truncated_normal", "normal", "uniform"])
def test_variance_scaling_modes(mode, distribution, rng):
    W = variance_scaling(SHAPE, rng, scale=2.0, mode=mode, distribution=distribution)
    m2, m4 = truncated_moments()
    kurt = {"truncated_normal": m4 / m2**2, "normal": 3.0, "uniform": 1.8}[distribution]
    assert_variance(W, 2.0 / FANS[mode], kurt)
    if distribution == "uniform":
        assert np.abs(W).max() <= math.sqrt(6 / FANS[mode])


@pytest.mark.parametrize("name", ["he_normal", "he_uniform"])
@pytest.mark.parametrize("mode", sorted(FANS))
def test_he_modes(name, mode, rng):
    W = get_initializer(name, mode=mode)(SHAPE, rng)
    assert_variance(W, 2 / FANS[mode], kurtosis=3.0 if name == "he_normal" else 1.8)


def test_he_default_mode_is_fan_in(rng):
    assert get_initializer("he_normal")(SHAPE, rng).var() == pytest.approx(2 / FAN_IN, rel=0.02)


def test_fan_helper_and_errors(rng):
    assert fan((3, 5)) == ((3, 5), 5.0)
    assert fan((2, 3, 5), "fan_out")[1] == 3.0 and fan((3, 5), "fan_avg")[1] == 4.0
    with pytest.raises(ValueError, match="unknown mode 'fan_sum'.*fan_avg"):
        get_initializer("he_normal", mode="fan_sum")((3, 5), rng)
    with pytest.raises(ValueError, match="torch_linear: shape"):
        INITIALIZERS["torch_linear"]((5,), rng)
    with pytest.raises(TypeError, match="rng"):
        INITIALIZERS["flax_dense"]((3, 5), None)
    with pytest.raises(ValueError, match="distribution"):
        variance_scaling((3, 5), rng, distribution="cauchy")
    with pytest.raises(ValueError, match="scale"):
        variance_scaling((3, 5), rng, scale=-1.0)
    with pytest.raises(ValueError, match="does not take"):
        get_initializer("keras_dense", mode="fan_in")


def test_registry_and_determinism():
    for name in ("torch_linear", "keras_dense", "flax_dense", "variance_scaling"):
        assert INITIALIZERS[name] is getattr(frameworks, name)
        a = INITIALIZERS[name]((4, 6), np.random.default_rng(3))
        b = INITIALIZERS[name]((4, 6), np.random.default_rng(3))
        assert np.array_equal(a, b)


@pytest.mark.parametrize("framework", ["torch", "keras", "flax"])
def test_default_params(framework, rng):
    p = default_params([5, 40, 3], rng, framework, stack=50)
    assert p["W1"].shape == (50, 40, 5) and p["b2"].shape == (50, 3, 1)
    if framework == "torch":
        assert np.abs(p["b1"]).max() <= 1 / math.sqrt(5) and np.abs(p["b2"]).max() <= 1 / math.sqrt(40)
        assert p["b1"].std() > 0.2
    else:
        assert not np.any(p["b1"]) and not np.any(p["b2"])
    with pytest.raises(ValueError, match="unknown framework 'jax'"):
        default_params([2, 3], rng, "jax")
