"""Tests written to kill mutants that nnlib's other tests let survive (see tools/mutation.py).

Each test pins a property that a surviving mutant broke: the dtype promised by a docstring, the
wording of an error message that names the argument, an edge value.
"""

import numpy as np
import pytest

from nnlib import activations


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "linear"])
def test_activations_return_float64_for_integer_input(name):
    # the course computes in float64: integer input must not give integer A or g'
    act = activations.get_activation(name)
    Z = np.array([[-2, 0, 3]])
    assert act.g(Z).dtype == np.float64 and act.g_prime(Z).dtype == np.float64


@pytest.mark.parametrize("func", [activations.sigmoid, activations.sigmoid_prime, activations.relu_prime,
                                  activations.linear, activations.linear_prime])
def test_functions_that_convert_to_float64_do_so_for_float32(func):
    # these convert explicitly (their docstrings and the dtype argument say float64); tanh and relu keep float32
    assert func(np.array([[-2.0, 0.0, 3.0]], dtype=np.float32)).dtype == np.float64


def test_linear_prime_is_one_everywhere():
    assert np.array_equal(activations.linear_prime(np.array([[-3, 0, 5]])), np.ones((1, 3)))


def test_unknown_activation_names_what_it_is_for():
    with pytest.raises(ValueError, match=r"^unknown activation 'swish'; valid names: \['linear', 'relu'"):
        activations.get_activation("swish")
    with pytest.raises(ValueError, match=r"^unknown hidden activation 'swish'"):
        activations.get_activation("swish", "hidden activation")


# --- diagnostics: every statistic against a plain per-network, per-layer reference --------------------

from scipy.spatial.distance import pdist  # noqa: E402

from nnlib import diagnostics, mlp  # noqa: E402
from nnlib.activations import get_activation  # noqa: E402


def _reference_stats(params, X, Y, hidden, output, k):
    one = {key: v[k] for key, v in params.items()}
    _, cache = mlp.forward(one, X, hidden, output)
    grads = mlp.backward(one, cache, Y)
    act, L = get_activation(hidden), cache["L"]
    ref = {name: [] for name in ("mean", "std", "saturated", "mean_abs_gprime", "dZ_norm", "grad_norm")}
    for l in range(1, L):
        A, Z, dZ = cache[f"A{l}"].ravel(), cache[f"Z{l}"].ravel(), cache[f"dZ{l}"].ravel()
        ref["mean"].append(A.sum() / A.size)
        ref["std"].append(np.sqrt(((A - A.mean()) ** 2).sum() / A.size))
        ref["saturated"].append(np.count_nonzero(act.saturated(A)) / A.size)
        ref["mean_abs_gprime"].append(np.abs(act.g_prime(Z)).sum() / Z.size)
        ref["dZ_norm"].append(np.sqrt((dZ * dZ).sum() / dZ.size))
    for l in range(1, L + 1):
        ref["grad_norm"].append(np.linalg.norm(grads[f"dW{l}"]))
    return ref


@pytest.mark.parametrize("hidden, output, sizes",
                         [("tanh", "sigmoid", [3, 5, 4, 1]), ("sigmoid", "softmax", [2, 6, 3])])
def test_measure_matches_a_per_network_reference(hidden, output, sizes):
    rng = np.random.default_rng(8)
    params = mlp.init_params(sizes, rng, init="normal", std=1.5, stack=2)  # large enough to saturate some units
    X = rng.standard_normal((sizes[0], 12))
    Y = (rng.random((1, 12)) < 0.5).astype(float) if output == "sigmoid" else np.eye(sizes[-1])[:, rng.integers(
        sizes[-1], size=12)]
    stats = diagnostics.measure(params, X, Y, hidden, output)
    for k in range(2):
        ref = _reference_stats(params, X, Y, hidden, output, k)
        for name, values in ref.items():
            assert stats[name].shape == (2, len(values)), name
            assert np.allclose(stats[name][k], values, rtol=1e-12, atol=1e-15), name


def test_layer_stats_without_dZ_and_without_hidden_layers():
    rng = np.random.default_rng(9)
    params = mlp.init_params([2, 4, 1], rng, stack=3)
    X, Y = rng.standard_normal((2, 5)), (rng.random((1, 5)) < 0.5).astype(float)
    _, cache = mlp.forward(params, X, "tanh")
    grads = mlp.backward(params, cache, Y)
    fresh = {k: v for k, v in cache.items() if not k.startswith("dZ")}
    stats = diagnostics.layer_stats(fresh, grads)
    assert stats["dZ_norm"].shape == (3, 1) and np.all(np.isnan(stats["dZ_norm"]))
    shallow = mlp.init_params([2, 1], rng, stack=3)
    stats = diagnostics.measure(shallow, X, Y, "tanh")
    assert stats["mean"].shape == (3, 0) and stats["grad_norm"].shape == (3, 1)


def test_unit_distance_and_symmetry_of_stacks_match_pdist():
    rng = np.random.default_rng(10)
    W, b = rng.standard_normal((4, 5, 3)), rng.standard_normal((4, 5, 1))
    d = diagnostics.unit_distance(W, b)
    assert d.shape == (4,)
    assert np.allclose(d, [pdist(np.hstack([W[k], b[k]])).max() for k in range(4)], rtol=1e-12)
    params = mlp.init_params([3, 5, 4, 1], rng, stack=2)
    report = diagnostics.symmetry(params)
    assert report["unit_distance"].shape == (2, 2) and report["rank"].shape == (2, 2)
    for k in range(2):
        for l in (1, 2):
            rows = np.hstack([params[f"W{l}"][k], params[f"b{l}"][k]])
            assert np.isclose(report["unit_distance"][k, l - 1], pdist(rows).max(), rtol=1e-12)
            assert report["rank"][k, l - 1] == np.linalg.matrix_rank(params[f"W{l}"][k])
