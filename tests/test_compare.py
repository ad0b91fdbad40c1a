"""nnlib.compare's specs, nnlib.intervals and nnlib.lift: properties against closed forms, not one seed's arrays."""

import numpy as np
import pytest

from nnlib import data
from nnlib.compare import (
    GAINS,
    INIT_SPECS,
    compare,
    draw_params,
    lecun_gain,
    matched_specs,
)
from nnlib.intervals import bootstrap_ci, rank_by_intervals
from nnlib.lift import random_lift


@pytest.mark.parametrize("activation", sorted(GAINS))
def test_matched_specs_carry_the_activation_gain(activation):
    specs = matched_specs(activation)
    assert list(specs) == list(INIT_SPECS)
    g = GAINS[activation]
    rng = np.random.default_rng(0)
    fan_out, fan_in = 200, 300
    for label, var in (("LeCun", g ** 2 / fan_in), ("Xavier", g ** 2 * 2 / (fan_in + fan_out))):
        p = draw_params(specs[label], [fan_in, fan_out], rng, 20)
        assert p["W1"].var() == pytest.approx(var, rel=0.02), label
    W = draw_params(specs["orthogonal"], [fan_in, fan_out], rng, 2)["W1"]
    np.testing.assert_allclose(W @ W.swapaxes(-1, -2), np.broadcast_to(g ** 2 * np.eye(fan_out), (2, fan_out, fan_out)),
                               atol=1e-10)
    assert specs["He"] == INIT_SPECS["He"] and specs["zeros"] == INIT_SPECS["zeros"]


def test_matched_specs_and_lecun_gain_reject_bad_arguments():
    with pytest.raises(ValueError, match="activation"):
        matched_specs("softplus")
    with pytest.raises(ValueError, match="gain"):
        lecun_gain((3, 4), np.random.default_rng(0), gain=-1.0)


def test_draw_params_per_layer_specs():
    rng = np.random.default_rng(1)
    p = draw_params([("he_normal", {}), ("zeros", {}), ("constant", {"value": 0.5})], [400, 300, 200, 2], rng, 5)
    assert p["W1"].shape == (5, 300, 400) and p["b3"].shape == (5, 2, 1)
    assert p["W1"].var() == pytest.approx(2 / 400, rel=0.02)
    assert not p["W2"].any() and np.all(p["W3"] == 0.5)
    # a list of identical per-layer specs draws exactly what the single spec draws
    one = draw_params(("he_normal", {}), [3, 4, 2], np.random.default_rng(9), 2)
    per_layer = draw_params([("he_normal", {})] * 2, [3, 4, 2], np.random.default_rng(9), 2)
    for k in one:
        np.testing.assert_array_equal(one[k], per_layer[k])
    with pytest.raises(ValueError, match="one per layer"):
        draw_params([("he_normal", {})], [2, 3, 1], rng, 2)


def test_compare_accepts_an_ablation_of_layer_one():
    rng = np.random.default_rng(2)
    X, Y = data.circles(60, rng)
    specs = {"He": ("he_normal", {}), "zeros, per layer": [("zeros", {}), ("zeros", {})]}
    c = compare(specs, [2, 8, 1], X, Y, rng, seeds=3, hidden="tanh", lr=0.5, steps=30)
    # tanh from all zeros is a bias-only model (lesson 03): both weight matrices stay exactly zero
    net = c.network("zeros, per layer", 2)
    assert not net["W1"].any() and not net["W2"].any()
    assert c.network("He", 0)["W1"].any()


def test_bootstrap_ci_constant_and_ordered():
    rng = np.random.default_rng(3)
    mean, low, high = bootstrap_ci(np.full((4, 10), 7.0), rng)
    np.testing.assert_array_equal(mean, 7.0)
    np.testing.assert_array_equal(low, 7.0)
    np.testing.assert_array_equal(high, 7.0)
    v = rng.normal(size=(50, 12))
    mean, low, high = bootstrap_ci(v, rng)
    assert mean.shape == low.shape == high.shape == (50,)
    assert np.all(low <= mean) and np.all(mean <= high)
    np.testing.assert_allclose(mean, v.mean(axis=-1))


def test_bootstrap_ci_covers_the_true_mean_about_as_often_as_promised():
    rng = np.random.default_rng(4)
    samples = rng.normal(loc=3.0, scale=2.0, size=(400, 30))
    _, low, high = bootstrap_ci(samples, rng, n_boot=1000, level=0.9)
    coverage = np.mean((low <= 3.0) & (3.0 <= high))
    assert 0.82 <= coverage <= 0.96        # percentile bootstrap, n = 30: close to the nominal 0.9
    # a wider level gives wider intervals from the same resamples
    _, low99, high99 = bootstrap_ci(samples, np.random.default_rng(5), n_boot=1000, level=0.99)
    assert np.median(high99 - low99) > np.median(high - low)


def test_bootstrap_ci_ignores_missing_seeds_and_validates():
    rng = np.random.default_rng(6)
    v = np.array([[1.0, np.nan, 3.0, 5.0], [np.nan] * 4])
    mean, low, high = bootstrap_ci(v, rng)
    assert mean[0] == pytest.approx(3.0) and 1.0 <= low[0] <= high[0] <= 5.0
    assert np.isnan(mean[1]) and np.isnan(low[1])
    with pytest.raises(ValueError, match="2 seeds"):
        bootstrap_ci(np.ones(1), rng)
    with pytest.raises(ValueError, match="level"):
        bootstrap_ci(np.ones(5), rng, level=1.5)
    with pytest.raises(TypeError, match="rng"):
        bootstrap_ci(np.ones(5), 0)


def test_rank_by_intervals_needs_separation_beyond_the_margin():
    mean, low, high = np.array([90, 85, 70, 89.5]), np.array([88, 80, 65, 89]), np.array([92, 87.5, 75, 90])
    assert rank_by_intervals(mean, low, high) == ["best", "worse", "worse", "tied"]
    assert rank_by_intervals(mean, low, high, margin=1.0) == ["best", "tied", "worse", "tied"]
    with pytest.raises(ValueError, match="1-D"):
        rank_by_intervals(mean, low, high[:2])


def test_random_lift_scales_every_feature_to_the_input_size():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(2, 50))
    X_lift, R = random_lift(X, 16, rng)
    assert X_lift.shape == (16, 50) and R.shape == (16, 2)
    np.testing.assert_allclose(R.swapaxes(-1, -2) @ R, 8 * np.eye(2), atol=1e-12)
    np.testing.assert_allclose(np.mean(X_lift ** 2, axis=-2), np.mean(X ** 2, axis=-2), rtol=1e-12)
    np.testing.assert_allclose(X_lift, R @ X)
    with pytest.raises(ValueError, match="width"):
        random_lift(X, 1, rng)
    with pytest.raises(ValueError, match="X must be"):
        random_lift(X[0], 4, rng)
