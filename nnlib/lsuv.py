"""Layer-sequential unit-variance (LSUV) initialisation — Mishkin & Matas (2015), "All you need is a good init".

The recipe, data-driven instead of derived:

1. draw every weight matrix orthogonal (Saxe et al. 2014: all singular values 1);
2. going from the first layer to the last, push a batch ``X`` through the network and divide
   ``W[l]`` by the standard deviation of that layer's output ``Z[l]``; repeat until
   ``|Var(Z[l]) − 1| ≤ tol`` (or ``max_iter`` rescalings), then move on to the next layer.

With zero biases ``Z[l]`` is linear in ``W[l]``, so one rescaling is exact and every layer
reaches variance 1 in a single pass, whatever the activation. Works on stacked networks: each
of the ``K`` networks gets its own scale.
"""

import numpy as np

from .activations import get_activation
from .checks import check_input, check_int, check_params, check_positive, check_rng
from .initializers import orthogonal


def lsuv(params, X, hidden, rng, tol=0.1, max_iter=10):
    """Orthogonal pre-initialisation, then rescale each layer to unit output variance on ``X``.

    Parameters
    ----------
    params : dict of ndarray
        ``W[l]`` of shape ([K,] n_l, n_{l-1}) and ``b[l]`` of shape ([K,] n_l, 1). Only the
        shapes of the weights are used (they are redrawn); the biases are kept. Not modified.
    X : ndarray of shape (n_x, m) or (K, n_x, m)
        The batch on which the variances are measured.
    hidden : {"relu", "tanh", "sigmoid", "linear"}
        Activation of the hidden layers (the output layer's ``Z[L]`` is normalised too).
    rng : numpy.random.Generator
        Draws the orthogonal matrices.
    tol : float > 0, default 0.1
        Stop rescaling a layer once ``|Var(Z[l]) − 1| ≤ tol`` for every stacked network.
    max_iter : int > 0, default 10
        Most rescalings per layer.

    Returns
    -------
    params : dict of ndarray
        A new dict with the same shapes; ``Var(Z[l]) ≈ 1`` on ``X`` for every layer ``l``.

    Examples
    --------
    >>> from nnlib.mlp import init_params
    >>> rng = np.random.default_rng(0)
    >>> X = rng.standard_normal((20, 100))
    >>> p = lsuv(init_params([20, 50, 50, 1], rng), X, "relu", rng)
    >>> p["W2"].shape
    (50, 50)
    """
    L, lead = check_params(params)
    act = get_activation(hidden, "hidden activation")
    X = check_input(X, params, lead)
    check_rng(rng, "lsuv")
    check_positive(tol, "lsuv: tol")
    check_int(max_iter, "lsuv: max_iter", 1)

    out = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    A = X
    for l in range(1, L + 1):
        W, b = out[f"W{l}"], out[f"b{l}"]
        W = orthogonal(W.shape, rng)
        for _ in range(max_iter):
            var = (W @ A + b).var(axis=(-2, -1))
            if np.all(np.abs(var - 1.0) <= tol):
                break
            if np.any(var == 0):
                raise ValueError(f"lsuv: layer {l} has output variance 0 on X (shape {X.shape}); cannot rescale")
            W = W / np.sqrt(var)[..., None, None]
        out[f"W{l}"] = W
        A = act.g(W @ A + b)
    return out
