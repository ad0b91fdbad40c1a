"""The backward pass with dropout is the gradient of the loss with the dropout mask held fixed.

A forward pass with ``keep_prob < 1`` draws its masks from ``rng``; a fresh generator with the same seed
draws the same masks, so ``loss_with_mask`` below is a deterministic function of the parameters, and
its centred differences are an independent reference for ``mlp.backward`` on that forward pass's cache.
Deleting the mask from the backward pass (or applying it to the wrong layer) fails these tests.
"""

import numpy as np
import pytest

from nnlib import mlp
from nnlib.gradcheck import numerical_grads, relative_error
from nnlib.losses import cross_entropy


def loss_with_mask(params, X, Y, hidden, output, keep_prob, seed):
    _, cache = mlp.forward(params, X, hidden, output, keep_prob=keep_prob, rng=np.random.default_rng(seed))
    return cross_entropy(cache[f"Z{cache['L']}"], Y, output)


@pytest.mark.parametrize("hidden", ["relu", "tanh", "sigmoid", "linear"])
@pytest.mark.parametrize("output, sizes", [("sigmoid", [3, 5, 4, 1]), ("softmax", [2, 4, 6, 3])])
@pytest.mark.parametrize("keep_prob", [0.5, 0.8])
def test_dropout_backward_matches_finite_differences(hidden, output, sizes, keep_prob):
    rng = np.random.default_rng(7)
    params = mlp.init_params(sizes, rng, init="xavier_normal")
    for l in range(1, len(sizes)):
        params[f"b{l}"] = 0.1 * rng.standard_normal(params[f"b{l}"].shape)
    m = 9
    X = rng.standard_normal((sizes[0], m))
    if output == "sigmoid":
        Y = (rng.random((1, m)) < 0.5).astype(float)
    else:
        Y = np.eye(sizes[-1])[:, rng.integers(sizes[-1], size=m)]
    seed = 11
    _, cache = mlp.forward(params, X, hidden, output, keep_prob=keep_prob, rng=np.random.default_rng(seed))
    masks = [cache[f"D{l}"] for l in range(1, len(sizes) - 1)]
    assert all((D == 0).any() and (D > 0).any() for D in masks), "the test needs masks that drop and keep units"
    grads = mlp.backward(params, cache, Y)
    numeric = numerical_grads(lambda p: loss_with_mask(p, X, Y, hidden, output, keep_prob, seed), params)
    errors = {k: relative_error(grads[k], numeric[k]) for k in numeric}
    assert max(errors.values()) < 1e-7, f"dropout gradients disagree with finite differences: {errors}"


def test_dropout_backward_of_stacked_networks():
    rng = np.random.default_rng(3)
    params = mlp.init_params([2, 5, 5, 1], rng, stack=3)
    X = rng.standard_normal((2, 8))
    Y = (rng.random((1, 8)) < 0.5).astype(float)
    _, cache = mlp.forward(params, X, "tanh", keep_prob=0.6, rng=np.random.default_rng(4))
    grads = mlp.backward(params, cache, Y)
    numeric = numerical_grads(lambda p: loss_with_mask(p, X, Y, "tanh", "sigmoid", 0.6, 4), params)
    assert relative_error(grads, numeric) < 1e-7

