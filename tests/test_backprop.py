"""nnlib.backprop: the naive backward (the formulas line by line) and the fast one give the same bits."""

import numpy as np
import pytest
from conftest import binary_labels, onehot_labels

from nnlib import mlp
from nnlib.backprop import backward_fast, backward_naive, forward_pass
from nnlib.gradcheck import grad_check


def network(rng, hidden, output, stack, shared_X, depth=3):
    sizes = [3] + [6] * (depth - 1) + [1 if output == "sigmoid" else 3]
    params = mlp.init_params(sizes, rng, init="normal", std=0.9, stack=stack)
    params = {k: v + 0.1 * rng.standard_normal(v.shape) for k, v in params.items()}  # non-zero biases
    lead = () if stack is None else (stack,)
    X = rng.standard_normal((3, 11) if shared_X else lead + (3, 11))
    labels = binary_labels if output == "sigmoid" else onehot_labels
    return params, X, labels(rng, sizes[-1], 11, lead)


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu", "linear"])
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("stack, shared_X", [(None, True), (4, True), (4, False)])
@pytest.mark.parametrize("keep_prob", [1.0, 0.7])
def test_fast_equals_naive_bit_for_bit(hidden, output, stack, shared_X, keep_prob):
    rng = np.random.default_rng(7)
    params, X, Y = network(rng, hidden, output, stack, shared_X)
    _, cache = forward_pass(params, X, hidden, output, keep_prob, np.random.default_rng(1))
    naive = backward_naive(params, cache, Y)
    assert not any(k.startswith("dZ") for k in cache)  # the reference leaves the cache alone
    fast = backward_fast(params, cache, Y)
    assert naive.keys() == fast.keys() == {f"d{k}" for k in params}
    for key in naive:
        assert naive[key].shape == fast[key].shape
        assert np.array_equal(naive[key], fast[key]), key
    if keep_prob < 1:  # dropped units pass no gradient back: their rows of dZ are 0 in both
        assert np.all(cache["dZ1"][cache["D1"] == 0] == 0)


@pytest.mark.parametrize("hidden", ["tanh", "relu"])
def test_naive_backward_passes_the_gradient_check(hidden):
    rng = np.random.default_rng(3)
    params, X, Y = network(rng, hidden, "softmax", None, True, depth=2)
    if hidden == "relu":  # away from the kink, where finite differences are exact
        _, cache = forward_pass(params, X, hidden, "softmax")
        assert np.abs(cache["Z1"]).min() > 1e-3
    check = grad_check(params, X, Y, hidden, "softmax",
                       backward=lambda p, X, Y: backward_naive(p, forward_pass(p, X, hidden, "softmax")[1], Y))
    assert check < 1e-7


def test_mlp_backward_is_the_fast_path_with_checks(rng):
    params, X, Y = network(rng, "tanh", "sigmoid", 2, True)
    _, cache = mlp.forward(params, X, "tanh")
    _, unchecked = forward_pass(params, X, "tanh", "sigmoid")
    for key, value in mlp.backward(params, cache, Y).items():
        assert np.array_equal(value, backward_fast(params, unchecked, Y)[key])
    with pytest.raises(ValueError, match="cache must be"):
        mlp.backward(params, {}, Y)
