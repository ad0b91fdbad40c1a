"""Gradient checking: compare backprop with centred finite differences.

For each parameter entry ``θ`` the centred difference

    (J(θ + ε) − J(θ − ε)) / (2ε)

has error ``O(ε²)`` (the one-sided form is only ``O(ε)``), so with float64 and ``ε ≈ 1e-6`` a
correct backward pass agrees to a relative error ``‖g − ĝ‖ / (‖g‖ + ‖ĝ‖)`` around 1e-9 or
smaller, while a real bug gives something near 1e-2 or worse.
"""

import numpy as np

from . import mlp


def relative_error(g, g_hat):
    """``‖g − ĝ‖ / (‖g‖ + ‖ĝ‖)``, and 0 when both are exactly zero.

    Parameters
    ----------
    g, g_hat : ndarray of the same shape, or dicts of such arrays with the same keys
        (the norms are then taken over all entries of all arrays together).

    Returns
    -------
    float
    """
    if isinstance(g, dict):
        keys = sorted(g)
        if sorted(g_hat) != keys:
            raise ValueError(f"gradient dicts have different keys: {keys} vs {sorted(g_hat)}")
        g = np.concatenate([np.ravel(g[k]) for k in keys])
        g_hat = np.concatenate([np.ravel(g_hat[k]) for k in keys])
    g, g_hat = np.asarray(g, dtype=np.float64), np.asarray(g_hat, dtype=np.float64)
    if g.shape != g_hat.shape:
        raise ValueError(f"gradients have different shapes: {g.shape} vs {g_hat.shape}")
    denom = np.linalg.norm(g) + np.linalg.norm(g_hat)
    return 0.0 if denom == 0 else float(np.linalg.norm(g - g_hat) / denom)


def numerical_grads(f, params, eps=1e-6):
    """Centred-difference gradient of a scalar function of a params dict.

    Parameters
    ----------
    f : callable
        ``f(params) -> float`` (or an array, which is summed: for stacked networks the sum of
        the K independent losses has each network's own gradient).
    params : dict of ndarray
        Perturbed in place one entry at a time and restored afterwards.
    eps : float, default 1e-6

    Returns
    -------
    grads : dict
        ``"d" + key`` for every key of ``params``, each of the shape of ``params[key]``.
    """
    grads = {}
    for key, P in params.items():
        G = np.zeros_like(P, dtype=np.float64)
        for idx in np.ndindex(P.shape):
            old = P[idx]
            P[idx] = old + eps
            plus = np.sum(f(params))
            P[idx] = old - eps
            minus = np.sum(f(params))
            P[idx] = old  # restore exactly: the caller's params must not drift
            G[idx] = (plus - minus) / (2 * eps)
        grads["d" + key] = G
    return grads


def grad_check(params, X, Y, hidden="relu", output="sigmoid", eps=1e-6, backward=None):
    """Relative error between a backward pass and finite differences of :func:`nnlib.mlp.loss`.

    Parameters
    ----------
    params : dict of ndarray
        ``W[l]`` of shape ([K,] n_l, n_{l-1}), ``b[l]`` of shape ([K,] n_l, 1). Not modified.
    X : ndarray of shape ([K,] n_x, m)
    Y : ndarray of shape ([K,] n_L, m)
    hidden, output : str
        As in :func:`nnlib.mlp.forward`.
    eps : float, default 1e-6
    backward : callable, optional
        ``backward(params, X, Y) -> grads`` to check instead of nnlib's own — e.g. a
        student's implementation, or one with a planted bug.

    Returns
    -------
    error : float
        ``‖g − ĝ‖ / (‖g‖ + ‖ĝ‖)`` over all parameters; below 1e-7 means the gradients agree.
    """
    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    if backward is None:
        _, cache = mlp.forward(params, X, hidden, output)
        grads = mlp.backward(params, cache, Y)
    else:
        grads = backward(params, X, Y)
    numeric = numerical_grads(lambda p: mlp.loss(p, X, Y, hidden, output), params, eps)
    return relative_error(grads, numeric)
