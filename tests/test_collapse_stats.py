"""nnlib.propagation's per-unit variance and example correlation: the measures that see a collapse."""

import numpy as np
import pytest

from nnlib.lsuv import lsuv
from nnlib.mlp import init_params
from nnlib.propagation import example_correlation, signal_profile, unit_variance


def test_unit_variance_is_the_within_unit_part_of_the_pooled_variance(rng):
    Z = rng.standard_normal((3, 40, 25)) + rng.standard_normal((3, 40, 1)) * 5
    np.testing.assert_allclose(unit_variance(Z) + Z.mean(axis=-1).var(axis=-1), Z.var(axis=(-2, -1)), rtol=1e-12)
    expected = np.mean([[np.var(Z[k, i]) for i in range(40)] for k in range(3)], axis=1)
    np.testing.assert_allclose(unit_variance(Z), expected, rtol=1e-12)


def test_example_correlation_against_an_explicit_double_loop(rng):
    Z = rng.standard_normal((30, 7)) + 0.8
    n = np.linalg.norm(Z, axis=0)
    pairs = [Z[:, a] @ Z[:, b] / (n[a] * n[b]) for a in range(7) for b in range(7) if a != b]
    assert example_correlation(Z) == pytest.approx(np.mean(pairs), rel=1e-12)
    stacked = np.stack([Z, -Z[:, ::-1], Z * 3])
    np.testing.assert_allclose(example_correlation(stacked), example_correlation(Z), rtol=1e-12)


def test_extremes_collapse_and_independence(rng):
    v = rng.standard_normal((50, 1))
    collapsed = np.repeat(v, 20, axis=1)  # every example the same vector: pooled variance > 0
    assert collapsed.var() > 0.1 and unit_variance(collapsed) < 1e-28
    assert example_correlation(collapsed) == pytest.approx(1.0, abs=1e-12)
    wide = rng.standard_normal((20_000, 6))  # independent Gaussian columns: cosines ~ N(0, 1/n)
    assert abs(example_correlation(wide)) < 5 / np.sqrt(20_000 * 15)
    assert example_correlation(np.hstack([v, -v])) == pytest.approx(-1.0)


def test_signal_profile_reports_the_collapse_that_lsuv_hides_on_sigmoid():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((20, 64))
    p = lsuv(init_params([20] + [64] * 20, rng), X, "sigmoid", rng, tol=0.01)
    prof = signal_profile(p, X, "sigmoid")
    assert prof["unit_var_z"].shape == prof["corr_z"].shape == (20,)
    assert abs(prof["var_z"][-1] - 1) < 0.02  # the pooled statistic looks healthy ...
    assert prof["unit_var_z"][-1] < 1e-8 and prof["corr_z"][-1] > 0.999  # ... the examples have collapsed
    he = signal_profile(init_params([20] + [64] * 3, rng), X, "relu")
    assert he["unit_var_z"][0] > 0.5 and he["corr_z"][0] < 0.6  # a healthy shallow net keeps them apart


def test_bad_shapes_are_named():
    with pytest.raises(ValueError, match="unit_variance"):
        unit_variance(np.ones(5))
    with pytest.raises(ValueError, match="example_correlation"):
        example_correlation(np.ones((5, 1)))
