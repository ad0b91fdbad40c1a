"""nnlib.saturation, and the explorer's histograms and readout: the numbers against nnlib's own passes."""

from math import atanh, erf, log, sqrt

import numpy as np
import pytest

from nnlib import diagnostics, mlp
from nnlib.saturation import ACTIVATION_NAMES, saturation_stats
from nnlib.widgets.readout import parse_readout, readout
from nnlib.widgets.saturation_view import HIST_RANGE, histograms


def gaussian_tail(threshold, std):
    """P(|z| > threshold) for z ~ N(0, std²)."""
    return 2 * (1 - 0.5 * (1 + erf(threshold / std / sqrt(2))))


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
@pytest.mark.parametrize("scale", [0.01, 0.2, 3.0])
def test_equals_nnlib_forward_backward_and_layer_stats(activation, scale):
    # the documented recipe: default_rng(seed) draws X, then Y, then the weights with normal(std=scale)
    depth, width, m, seed = 4, 24, 40, 7
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((width, m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    params = mlp.init_params([width] * (depth + 1) + [1], rng, init="normal", std=scale)
    expected = diagnostics.measure(params, X, Y, hidden=activation, output="sigmoid")
    _, cache = mlp.forward(params, X, hidden=activation)
    got = saturation_stats(scale, activation, depth, width, m, seed)
    for ours, theirs in [("mean", "mean"), ("std", "std"), ("mean_abs_gprime", "mean_abs_gprime"),
                         ("dZ_rms", "dZ_norm")]:
        np.testing.assert_allclose(getattr(got, ours), expected[theirs], rtol=1e-10, atol=1e-300, err_msg=ours)
    # saturation counts may only differ where a value sits on the threshold to the last bit
    np.testing.assert_allclose(got.saturated, expected["saturated"], atol=2 / (width * m))
    for l in range(1, depth + 1):  # (sigmoid is computed via tanh: equal to about 1e-16 absolute)
        np.testing.assert_allclose(got.activations[l - 1], cache[f"A{l}"], rtol=1e-10, atol=1e-15)


def test_same_settings_same_numbers_and_depth_keeps_first_layers():
    a, b = saturation_stats(0.1, "tanh", 5, 32, 64, seed=3), saturation_stats(0.1, "tanh", 5, 32, 64, seed=3)
    np.testing.assert_array_equal(a.std, b.std)
    assert readout(a) == readout(b)
    deeper = saturation_stats(0.1, "tanh", 8, 32, 64, seed=3)
    np.testing.assert_array_equal(deeper.std[:5], a.std)  # forward: the first 5 layers are the same
    other = saturation_stats(0.1, "tanh", 5, 32, 64, seed=4)
    assert not np.array_equal(other.std, a.std)


@pytest.mark.parametrize("width", [64, 256])
@pytest.mark.parametrize("scale", [0.1, 0.2, 0.5, 1.0])
def test_depth1_saturated_fraction_matches_gaussian_closed_form(width, scale):
    # layer 1: z = W1 x with x ~ N(0, I), W ~ N(0, scale²) => z ≈ N(0, scale² · 1 · fan_in)
    std = scale * sqrt(1.0 * width)
    tanh = saturation_stats(scale, "tanh", depth=1, width=width, m=512, seed=1)
    assert tanh.saturated[0] == pytest.approx(gaussian_tail(atanh(0.99), std), abs=0.01)
    sig = saturation_stats(scale, "sigmoid", depth=1, width=width, m=512, seed=1)
    assert sig.saturated[0] == pytest.approx(gaussian_tail(log(99), std), abs=0.01)  # σ(z) > 0.99 ⟺ z > ln 99


@pytest.mark.parametrize("scale", [0.01, 0.1])
def test_linear_network_multiplies_std_by_scale_sqrt_fan_in_per_layer(scale):
    s = saturation_stats(scale, "linear", depth=6, width=256, m=512)
    np.testing.assert_allclose(s.std[1:] / s.std[:-1], scale * 16, rtol=0.03)
    np.testing.assert_allclose(s.dZ_rms[:-1] / s.dZ_rms[1:], scale * 16, rtol=0.15)  # backward, the same
    assert np.all(s.saturated == 0) and np.all(s.mean_abs_gprime == 1)


def test_small_scale_vanishes_and_tanh_is_linear_near_zero():
    s = saturation_stats(0.01, "tanh", depth=10, width=256, m=512)
    assert np.all(np.diff(s.std) < 0) and s.std[-1] < 1e-6
    assert np.all(s.saturated == 0) and s.mean_abs_gprime[-1] > 0.999


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_large_scale_saturates_and_gprime_collapses(activation):
    s = saturation_stats(5.0, activation, depth=10, width=256, m=512)
    assert np.all(s.saturated > 0.6)
    assert np.all(s.mean_abs_gprime < 0.05)


def test_relu_network_is_homogeneous_in_the_scale():
    # relu(c z) = c relu(z) for c > 0, and there are no biases: layer l scales by c^l, nothing else changes
    a, b = saturation_stats(0.02, "relu", 6, 64, 128), saturation_stats(0.2, "relu", 6, 64, 128)
    np.testing.assert_array_equal(a.saturated, b.saturated)
    np.testing.assert_allclose(b.std / a.std, 10.0 ** np.arange(1, 7), rtol=1e-9)
    assert np.all(np.abs(a.saturated - 0.5) < 0.1)


@pytest.mark.parametrize("activation", ACTIVATION_NAMES)
def test_histograms_are_fractions_on_the_documented_range(activation):
    s = saturation_stats(0.3, activation, depth=3, width=32, m=64)
    edges, fractions = histograms(s, bins=25)
    assert edges.shape == (26,) and fractions.shape == (3, 25)
    assert (edges[0], edges[-1]) == HIST_RANGE[activation]
    np.testing.assert_allclose(fractions.sum(axis=1), 1.0)
    assert np.all(fractions >= 0)


def test_histograms_match_numpy_histogram_for_tanh():
    s = saturation_stats(0.2, "tanh", depth=2, width=32, m=64)
    edges, fractions = histograms(s, bins=10)
    for A, row in zip(s.activations, fractions, strict=True):
        counts, _ = np.histogram(A, bins=edges)
        np.testing.assert_allclose(row, counts / A.size)


def test_readout_round_trip_and_format():
    s = saturation_stats(0.5, "tanh", depth=4, width=64, m=128)
    text = readout(s)
    assert text.startswith("layer 4: saturated ")
    back = parse_readout("last layer " + text)  # a prefix (the widget's label) is fine
    assert back["layer"] == 4
    assert back["saturated"] == pytest.approx(s.saturated[-1], abs=5e-5)
    assert back["mean_abs_gprime"] == pytest.approx(s.mean_abs_gprime[-1], abs=5e-5)
    assert back["std"] == pytest.approx(s.std[-1], rel=1e-3)
    assert back["dZ_rms"] == pytest.approx(s.dZ_rms[-1], rel=1e-3)
    with pytest.raises(ValueError, match="not a saturation readout"):
        parse_readout("loss 0.69")


@pytest.mark.parametrize("kwargs, error, match", [
    ({"scale": 0.0}, ValueError, "scale"),
    ({"scale": -1.0}, ValueError, "scale"),
    ({"scale": 0.1, "activation": "softmax"}, ValueError, "valid names"),
    ({"scale": 0.1, "depth": 0}, ValueError, "depth"),
    ({"scale": 0.1, "width": 2.5}, TypeError, "width"),
])
def test_bad_arguments_raise_with_names(kwargs, error, match):
    with pytest.raises(error, match=match):
        saturation_stats(**kwargs)


def test_cached_draws_are_read_only():
    s = saturation_stats(0.1, "tanh", depth=2, width=8, m=4)
    s.activations[0][...] = 0  # results are the caller's to modify ...
    again = saturation_stats(0.1, "tanh", depth=2, width=8, m=4)
    assert np.all(again.activations[0] != 0)  # ... without touching the cached random numbers
