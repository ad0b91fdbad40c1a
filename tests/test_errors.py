"""Bad input raises ValueError/TypeError whose message names the argument, layer and shapes."""

import numpy as np
import pytest

from nnlib import mlp, propagation
from nnlib.activations import get_activation
from nnlib.diagnostics import numerical_rank, unit_distance
from nnlib.gradcheck import relative_error
from nnlib.initializers import get_initializer, he_normal, normal, orthogonal, xavier_normal
from nnlib.lsuv import lsuv
from nnlib.train import train

RNG = np.random.default_rng(0)
P = mlp.init_params([2, 3, 1], RNG)
X = RNG.standard_normal((2, 4))
Y = np.array([[0.0, 1.0, 1.0, 0.0]])


def bad(**changes):
    p = {k: v.copy() for k, v in P.items()}
    p.update(changes)
    return p


CASES = [
    # (callable, exception, message pattern)
    (lambda: mlp.init_params([2], RNG), ValueError, "at least 2 entries"),
    (lambda: mlp.init_params([2, 0, 1], RNG), ValueError, r"layer_sizes\[1\] must be a positive int"),
    (lambda: mlp.init_params([2, -3, 1], RNG), ValueError, "layer_sizes"),
    (lambda: mlp.init_params([2, 2.5, 1], RNG), ValueError, "positive int"),
    (lambda: mlp.init_params("2,3,1", RNG), ValueError, "layer_sizes"),
    (lambda: mlp.init_params([2, 3, 1], 42), TypeError, "default_rng"),
    (lambda: mlp.init_params([2, 3, 1], RNG, init="glorot"), ValueError, "valid names.*xavier_normal"),
    (lambda: mlp.init_params([2, 3, 1], RNG, init="normal", gain=2), ValueError, "does not take.*gain.*std"),
    (lambda: mlp.init_params([2, 3, 1], RNG, stack=0), ValueError, "stack"),
    (lambda: mlp.init_params([2, 3, 1], RNG, init=5), TypeError, "init must be"),
    (lambda: mlp.forward(P, X, hidden="softplus"), ValueError, "hidden activation.*valid names.*relu"),
    (lambda: mlp.forward(P, X, output="linear"), ValueError, "unknown output.*softmax"),
    (lambda: mlp.forward(P, X[:1]), ValueError, r"X has shape \(1, 4\).*W1 \(3, 2\) expects 2"),
    (lambda: mlp.forward(P, X[0]), ValueError, "X must have 2 axes"),
    (lambda: mlp.forward(P, np.array([[1.0, np.nan], [0.0, 1.0]])), ValueError, "non-finite"),
    (lambda: mlp.forward(P, [["a", "b"]]), TypeError, "numeric"),
    (lambda: mlp.forward(bad(W2=np.ones((1, 4))), X), ValueError, r"layer 2: W2 has shape \(1, 4\).*layer 1 has 3"),
    (lambda: mlp.forward(bad(b1=np.zeros((3,))), X), ValueError, r"layer 1: b1 has shape \(3,\)"),
    (lambda: mlp.forward({"W1": P["W1"]}, X), ValueError, "keys W1, b1"),
    (lambda: mlp.forward([P["W1"]], X), TypeError, "params must be a dict"),
    (lambda: mlp.forward(bad(W2=np.ones((2, 1, 3)), b2=np.zeros((2, 1, 1))), X), ValueError, "stacking axes"),
    (lambda: mlp.forward(mlp.init_params([2, 3, 1], RNG, stack=2), RNG.standard_normal((3, 2, 4))),
     ValueError, "stacking axes"),
    (lambda: mlp.forward(P, X, output="softmax"), ValueError, "at least 2 output units"),
    (lambda: mlp.forward(P, X, keep_prob=1.5, rng=RNG), ValueError, "keep_prob"),
    (lambda: mlp.forward(P, X, keep_prob=0.5), TypeError, "rng"),
    (lambda: mlp.backward(P, {}, Y), ValueError, "cache must be"),
    (lambda: mlp.backward(P, mlp.forward(P, X)[1], Y[:, :3]), ValueError, r"Y has shape \(1, 3\)"),
    (lambda: mlp.backward(P, mlp.forward(P, X)[1], np.ones((2, 4))), ValueError, r"Y must have shape \(\.\.\., 1, m\)"),
    (lambda: mlp.loss(P, X, Y * 0.5), ValueError, "only 0 and 1"),
    (lambda: mlp.loss(mlp.init_params([2, 3], RNG), X, np.ones((3, 4)), output="softmax"), ValueError, "one-hot"),
    (lambda: mlp.loss(P, X, Y[:, :2]), ValueError, "examples"),
    (lambda: train(P, X, Y, lr=0), ValueError, "lr must be finite and > 0"),
    (lambda: train(P, X, Y, lr=-0.1), ValueError, "lr"),
    (lambda: train(P, X, Y, lr=float("nan")), ValueError, "lr"),
    (lambda: train(P, X, Y, steps=-1), ValueError, "steps"),
    (lambda: train(P, X, Y, steps=2.5), TypeError, "steps must be an integer"),
    (lambda: train(P, X, Y, batch_size=10, rng=RNG), ValueError, "batch_size=10 is larger than.*m=4"),
    (lambda: train(P, X, Y, batch_size=2), TypeError, "rng"),
    (lambda: train(P, X, Y, keep_prob=0), ValueError, "keep_prob"),
    (lambda: train(P, X, Y, on_nonfinite="ignore"), ValueError, "on_nonfinite.*raise.*record"),
    (lambda: train(P, X, Y[:, :3]), ValueError, "Y has shape"),
    (lambda: train(mlp.init_params([2, 3, 1], RNG, stack=2), X, np.zeros((3, 1, 4))), ValueError, "stacked"),
    (lambda: get_activation(3), TypeError, "must be a name"),
    (lambda: get_initializer("he"), ValueError, "valid names.*he_normal"),
    (lambda: he_normal((5,), RNG), ValueError, r"at least 2 positive sizes.*\(5,\)"),
    (lambda: he_normal((3, 0), RNG), ValueError, "positive"),
    (lambda: xavier_normal((3, 3), RNG, gain=-1), ValueError, "gain"),
    (lambda: orthogonal((3, 3), RNG, gain=0), ValueError, "gain"),
    (lambda: normal((3, 3), RNG, std=-1), ValueError, "std"),
    (lambda: normal((3, 3), None), TypeError, "default_rng"),
    (lambda: get_initializer("constant", value=float("inf"))((2, 2)), ValueError, "value"),
    (lambda: relative_error(np.ones(2), np.ones(3)), ValueError, "different shapes"),
    (lambda: unit_distance(np.ones(3)), ValueError, "W must have shape"),
    (lambda: unit_distance(np.ones((3, 2)), np.ones((2, 1))), ValueError, r"b has shape \(2, 1\)"),
    (lambda: numerical_rank(np.ones(3)), ValueError, "W must have shape"),
    # one activation lookup everywhere: the same TypeError for a non-name, whichever function gets it
    (lambda: propagation.propagate(P, X, 3), TypeError, "hidden activation must be a name.*relu"),
    (lambda: lsuv(P, X, None, RNG), TypeError, "hidden activation must be a name"),
    (lambda: lsuv(P, X, "relu", RNG, max_iter=0), ValueError, "max_iter must be an integer >= 1"),
]


@pytest.mark.parametrize("call, error, pattern", CASES, ids=[f"case{i:02d}" for i in range(len(CASES))])
def test_bad_input(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
