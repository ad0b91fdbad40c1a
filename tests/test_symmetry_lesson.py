"""The two constructions lesson 03 relies on, checked independently of the notebook.

* A stacked restart experiment (``init_params(..., stack=K)`` + one ``train`` call) is K ordinary runs.
* A symmetric width-n network and its width-1 twin (outgoing weight n·c, learning rates lr/n on the
  hidden layer and n·lr on the output weights) compute the same function at every step.
"""

import numpy as np
import pytest

from nnlib import data, mlp
from nnlib.train import train


@pytest.mark.parametrize("hidden", ["tanh", "relu", "sigmoid"])
def test_stacked_restarts_equal_separate_runs(hidden):
    X, Y = data.xor(80, np.random.default_rng(1))
    seeds = mlp.init_params([2, 3, 1], np.random.default_rng(2), init="xavier_normal", stack=100)
    stacked, hist = train(seeds, X, Y, hidden=hidden, lr=0.5, steps=200, record_every=50)
    assert hist.final_loss.shape == (100,)
    for k in (0, 17, 99):
        alone, alone_hist = train({key: v[k] for key, v in seeds.items()}, X, Y, hidden=hidden, lr=0.5, steps=200,
                                  record_every=50)
        for key in alone:
            np.testing.assert_allclose(stacked[key][k], alone[key], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(hist.loss[:, k], alone_hist.loss, rtol=1e-10)


def gradient_descent(params, X, Y, rates, steps, hidden):
    for _ in range(steps):
        _, cache = mlp.forward(params, X, hidden=hidden)
        grads = mlp.backward(params, cache, Y)
        params = {k: params[k] - rates[k] * grads["d" + k] for k in params}
    return params


@pytest.mark.parametrize("hidden", ["tanh", "sigmoid", "relu"])
@pytest.mark.parametrize("n", [2, 10, 33])
def test_symmetric_network_equals_its_width1_twin(hidden, n):
    rng = np.random.default_rng(n)
    X = rng.normal(size=(3, 40))
    Y = (rng.random((1, 40)) < 0.35).astype(float)
    w, beta, c, lr = rng.normal(size=(1, 3)) * 0.5, 0.1, 0.4 / n, 0.5
    wide = {"W1": np.tile(w, (n, 1)), "b1": np.full((n, 1), beta), "W2": np.full((1, n), c), "b2": np.zeros((1, 1))}
    twin = {"W1": w.copy(), "b1": np.full((1, 1), beta), "W2": np.full((1, 1), n * c), "b2": np.zeros((1, 1))}
    wide_trained, _ = train(wide, X, Y, hidden=hidden, lr=lr, steps=150)
    twin_trained = gradient_descent(twin, X, Y, {"W1": lr / n, "b1": lr / n, "W2": n * lr, "b2": lr}, 150, hidden)
    out_wide = mlp.forward(wide_trained, X, hidden=hidden)[0]
    out_twin = mlp.forward(twin_trained, X, hidden=hidden)[0]
    np.testing.assert_allclose(out_wide, out_twin, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(wide_trained["W2"], np.full((1, n), twin_trained["W2"].item() / n), rtol=1e-10)
    if n > 1:  # one learning rate for all parameters: the twin drifts away
        naive = gradient_descent(twin, X, Y, dict.fromkeys(twin, lr), 150, hidden)
        assert np.abs(out_wide - mlp.forward(naive, X, hidden=hidden)[0]).max() > 1e-6
