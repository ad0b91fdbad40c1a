"""Gradient-check utilities and diagnostics against closed forms."""

import math

import numpy as np
import pytest
from conftest import binary_labels
from scipy.spatial.distance import pdist

from nnlib import mlp
from nnlib.diagnostics import layer_stats, measure, numerical_rank, symmetry, unit_distance
from nnlib.gradcheck import grad_check, numerical_grads, relative_error


def test_relative_error_properties(rng):
    g = rng.standard_normal(10)
    assert relative_error(g, g) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(g, -g) == pytest.approx(1.0)
    assert relative_error(g, 2 * g) == pytest.approx(1 / 3)
    assert relative_error({"a": g, "b": g}, {"a": g, "b": g}) == 0.0


def test_numerical_grads_of_quadratic_and_params_restored(rng):
    A = rng.standard_normal((3, 4))
    params = {"A": A.copy()}
    grads = numerical_grads(lambda p: 0.5 * (p["A"] ** 2).sum(), params)
    np.testing.assert_allclose(grads["dA"], A, atol=1e-8)
    assert np.array_equal(params["A"], A)


def buggy_backward(bug):
    """nnlib's backward with one classic bug planted (2-layer tanh network)."""

    def backward(params, X, Y):
        _, c = mlp.forward(params, X, "tanh")
        m = X.shape[1]
        dZ2 = c["A2"] - Y
        dW2 = dZ2 @ c["A1"].T / m
        gp = 1 - np.tanh(c["A1"]) ** 2 if bug == "g_prime_of_A" else 1 - c["A1"] ** 2
        dZ1 = (params["W2"].T @ dZ2) * gp
        dW1 = dZ1 @ X.T / (1 if bug == "missing_1_over_m" else m)
        return {"dW1": dW1, "db1": dZ1.mean(1, keepdims=True), "dW2": dW2, "db2": dZ2.mean(1, keepdims=True)}

    return backward


@pytest.mark.parametrize("bug", ["g_prime_of_A", "missing_1_over_m"])
def test_gradient_check_catches_planted_bugs(bug, rng):
    params = mlp.init_params([3, 5, 1], rng, init="normal", std=1.0)
    X, Y = rng.standard_normal((3, 8)), binary_labels(rng, 1, 8)
    assert grad_check(params, X, Y, "tanh", backward=buggy_backward(None)) < 1e-7
    assert grad_check(params, X, Y, "tanh", backward=buggy_backward(bug)) > 1e-3


def test_relative_error_computes_in_float64():
    # float32 gradients near float32's largest value must not overflow to inf in the norms, int8 ones must
    # not wrap around in the difference: g = -g_hat gives 1 whatever the dtype
    for g in (np.array([3e38, -3e38], dtype=np.float32), np.array([100, -100], dtype=np.int8)):
        assert relative_error(g, -g) == 1.0 and relative_error(-g, g) == 1.0


def test_relative_error_of_mismatched_dicts_names_the_keys():
    g = {"dW1": np.ones(2), "db1": np.ones(1)}
    with pytest.raises(ValueError, match=r"^gradient dicts have different keys: \['dW1', 'db1'\] vs \['dW1'\]$"):
        relative_error(g, {"dW1": np.ones(2)})


def test_numerical_grads_keep_float64_precision_for_float32_params():
    # the perturbed params are float32, but f is computed in float64: the quotient must not be rounded to float32
    params = {"W": np.ones((2, 3), dtype=np.float32)}
    grads = numerical_grads(lambda p: 3.3 * p["W"].astype(np.float64).sum(), params, eps=2.0**-10)
    assert grads["dW"].dtype == np.float64
    np.testing.assert_allclose(grads["dW"], 3.3, rtol=1e-12)


def test_grad_check_error_shrinks_like_eps_squared(rng):
    # centred differences: error O(eps²), so ten times smaller eps, about a hundred times smaller error
    params = mlp.init_params([3, 4, 1], rng, init="normal", std=1.0)
    X, Y = rng.standard_normal((3, 6)), binary_labels(rng, 1, 6)
    coarse, fine = (grad_check(params, X, Y, "tanh", eps=eps) for eps in (1e-2, 1e-3))
    assert 30 < coarse / fine < 300, (coarse, fine)


def test_grad_check_copies_integer_params_to_float(rng):
    # integer weights are valid input; perturbing an int array by eps would round the step away
    params = {"W1": np.array([[1, -2], [2, 1], [0, 1]]), "b1": np.zeros((3, 1), dtype=int),
              "W2": np.array([[1, -1, 2]]), "b2": np.zeros((1, 1), dtype=int)}
    X, Y = rng.standard_normal((2, 5)), binary_labels(rng, 1, 5)
    assert grad_check(params, X, Y, "tanh") < 1e-7
    assert params["W1"].dtype.kind == "i"  # and the caller's dict is not touched


def test_grad_check_defaults_to_relu_like_forward(rng):
    params = mlp.init_params([3, 6, 1], rng)
    X, Y = rng.standard_normal((3, 8)), binary_labels(rng, 1, 8)

    def backward_of(hidden):
        return lambda p, X, Y: mlp.backward(p, mlp.forward(p, X, hidden)[1], Y)

    assert grad_check(params, X, Y, backward=backward_of("relu")) < 1e-7
    assert grad_check(params, X, Y, backward=backward_of("tanh")) > 1e-3


def test_layer_stats_shapes_and_closed_forms(rng):
    # One tanh layer of width 2000 with N(0, s²/n) weights on unit Gaussian inputs: z ~ N(0, s²),
    # so std(a), the saturated fraction and E|g'| have Gaussian closed forms.
    n, m, s = 400, 2000, 3.0
    params = mlp.init_params([n, 2000, 1], rng, init="normal", std=s / math.sqrt(n))
    X = rng.standard_normal((n, m))
    stats = measure(params, X, binary_labels(rng, 1, m), "tanh")
    assert set(stats) == {"mean", "std", "saturated", "mean_abs_gprime", "dZ_norm", "grad_norm"}
    assert stats["std"].shape == (1,) and stats["grad_norm"].shape == (2,)
    z = np.random.default_rng(1).standard_normal(2_000_000) * s  # Monte Carlo of the closed form
    assert stats["saturated"][0] == pytest.approx((np.abs(np.tanh(z)) > 0.99).mean(), abs=0.01)
    assert stats["mean_abs_gprime"][0] == pytest.approx((1 - np.tanh(z) ** 2).mean(), abs=0.01)
    assert stats["std"][0] == pytest.approx(np.tanh(z).std(), abs=0.01)


def test_layer_stats_relu_half_dead_and_stacked(rng):
    params = mlp.init_params([50, 300, 300, 1], rng, stack=3)
    X = rng.standard_normal((50, 500))
    _, cache = mlp.forward(params, X, "relu")
    stats = layer_stats(cache, mlp.backward(params, cache, binary_labels(rng, 1, 500)))
    assert stats["saturated"].shape == (3, 2)
    np.testing.assert_allclose(stats["saturated"], 0.5, atol=0.03)  # half the ReLUs are off
    assert np.all(stats["grad_norm"] > 0)


def test_unit_distance_and_rank(rng):
    W = np.tile(rng.standard_normal((1, 4)), (5, 1))
    assert unit_distance(W) == 0.0 and numerical_rank(W) == 1
    W[2, 0] += 3.0
    assert unit_distance(W) == pytest.approx(3.0) and numerical_rank(W) == 2
    b = np.zeros((5, 1))
    b[0] = 4.0
    assert unit_distance(W, b) == pytest.approx(5.0)  # units 0 and 2 differ by (3, 0, 0, 0, 4)
    assert numerical_rank(np.zeros((3, 3))) == 0
    stacked = rng.standard_normal((4, 6, 6))
    assert numerical_rank(stacked).tolist() == [6] * 4
    brute = max(np.linalg.norm(a - c) for a in stacked[1] for c in stacked[1])
    assert unit_distance(stacked)[1] == pytest.approx(brute)


def test_symmetry_report(rng):
    params = mlp.init_params([2, 4, 3, 1], rng, init="constant", value=0.2, stack=2)
    report = symmetry(params)
    assert report["unit_distance"].shape == (2, 2) and not report["unit_distance"].any()
    assert np.all(report["rank"] == 1)


def test_measure_uses_forwards_defaults(rng):
    params = mlp.init_params([3, 6, 5, 1], rng)
    X, Y = rng.standard_normal((3, 10)), binary_labels(rng, 1, 10)
    _, cache = mlp.forward(params, X)
    expected = layer_stats(cache, mlp.backward(params, cache, Y))
    got = measure(params, X, Y)
    assert all(np.array_equal(got[k], expected[k]) for k in expected)


def test_numerical_rank_counts_singular_values_strictly_above_rtol_times_the_largest(rng):
    # on both sides of every singular value's ratio to the largest, for float64 and float32 input
    # (float32 is treated as its exact float64 values), one network and a stack whose scales differ by 1e8
    for dtype in (np.float64, np.float32):
        W = rng.standard_normal((3, 4)).astype(dtype)
        s = np.linalg.svd(W.astype(np.float64), compute_uv=False)
        for k in range(1, 3):
            ratio = s[k] / s[0]
            assert numerical_rank(W, rtol=ratio * (1 - 1e-12)) == k + 1
            assert numerical_rank(W, rtol=ratio * (1 + 1e-12)) == k
    W = np.diag([1.0, 1e-3, 1e-13])  # rank 2 at rtol = 1e-10, whatever the scale
    assert numerical_rank(np.stack([1e-8 * W, W, 1e8 * W])).tolist() == [2, 2, 2]
    assert numerical_rank(np.diag([3.0, 1.0, 0.0]), rtol=0) == 2  # rtol = 0: the nonzero singular values
    assert numerical_rank(np.zeros((2, 3)), rtol=0) == 0
    assert type(numerical_rank(W)) is int
    with pytest.raises(ValueError, match=r"^numerical_rank: rtol must be finite and >= 0, got -1"):
        numerical_rank(W, rtol=-1)


def test_unit_distance_is_float64_and_a_python_float_for_one_layer(rng):
    W32 = rng.standard_normal((6, 4)).astype(np.float32)
    b32 = rng.standard_normal((6, 1)).astype(np.float32)
    exact = pdist(np.hstack([W32, b32]).astype(np.float64)).max()
    assert unit_distance(W32, b32) == pytest.approx(exact, rel=1e-14)  # float32 squares would be off by ~1e-7
    assert unit_distance(W32) == pytest.approx(pdist(W32.astype(np.float64)).max(), rel=1e-14)
    assert type(unit_distance(W32)) is float


def test_unit_distance_bias_error_gives_the_expected_stacked_shape():
    with pytest.raises(ValueError, match=r"^b has shape \(5, 1\); expected \(4, 5, 1\) to match W \(4, 5, 3\)$"):
        unit_distance(np.ones((4, 5, 3)), np.ones((5, 1)))


@pytest.mark.parametrize("lead", [(), (2,), (2, 3)])
def test_symmetry_matches_a_per_network_per_layer_loop(lead, rng):
    sizes = [3, 5, 4, 1]
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = rng.standard_normal(lead + (sizes[l], sizes[l - 1]))
        params[f"b{l}"] = rng.standard_normal(lead + (sizes[l], 1))
    params["W1"][...] = params["W1"][..., :1, :]  # identical rows in layer 1: only b1 separates its units
    report = symmetry(params)
    assert report["unit_distance"].shape == lead + (2,) and report["rank"].shape == lead + (2,)
    for k in np.ndindex(*lead):
        for l in (1, 2):
            rows = np.hstack([params[f"W{l}"][k], params[f"b{l}"][k]])
            assert report["unit_distance"][k + (l - 1,)] == pytest.approx(pdist(rows).max(), rel=1e-12)
            assert report["rank"][k + (l - 1,)] == np.linalg.matrix_rank(params[f"W{l}"][k])
    assert report["rank"].dtype.kind == "i"


@pytest.mark.parametrize("stack", [None, 3])
def test_symmetry_of_a_network_without_hidden_layers_is_empty(stack, rng):
    report = symmetry(mlp.init_params([4, 1], rng, stack=stack))
    lead = () if stack is None else (stack,)
    assert report["unit_distance"].shape == lead + (0,) and report["unit_distance"].dtype == np.float64
    assert report["rank"].shape == lead + (0,) and report["rank"].dtype.kind == "i"
