"""Measurements of a network's state: per-layer signal statistics and symmetry.

Per layer (``layer_stats``): how large the activations are, how many units are saturated, how
much gradient ``g'`` lets through, and how large the back-propagated and weight gradients are —
the quantities that decide whether an initialisation trains.

Symmetry (``unit_distance``, ``numerical_rank``): hidden units that start identical receive
identical gradients and stay identical. The largest distance between two units' incoming
weights is then *exactly* 0, and a constant-initialised ``W`` keeps rank 1.
"""

import numpy as np

from . import mlp
from .activations import get_activation
from .checks import check_params, check_positive


def layer_stats(cache, grads):
    """Per-layer statistics from one forward and backward pass.

    Parameters
    ----------
    cache : dict
        From :func:`nnlib.mlp.forward`, after :func:`nnlib.mlp.backward` ran on it (which
        stores the back-propagated ``dZ[l]`` in the cache).
    grads : dict
        From :func:`nnlib.mlp.backward`.

    Returns
    -------
    stats : dict of str -> ndarray
        Hidden layers ``l = 1 .. L-1`` (shape ``([K,] L-1)``):

        - ``"mean"``, ``"std"``: of the activations ``A[l]`` over units and examples;
        - ``"saturated"``: fraction of saturated activations (see :mod:`nnlib.activations`);
        - ``"mean_abs_gprime"``: mean of ``|g'(Z[l])|``;
        - ``"dZ_norm"``: RMS of the back-propagated gradient ``dZ[l]`` (``nan`` if absent).

        All layers ``l = 1 .. L`` (shape ``([K,] L)``):

        - ``"grad_norm"``: Frobenius norm of ``dW[l]``.
    """
    act = get_activation(cache["hidden"])
    L = cache["L"]
    hidden = range(1, L)

    def per_layer(fn, layers):
        values = [fn(l) for l in layers]
        lead = np.shape(grads["dW1"])[:-2]
        return np.stack(values, axis=-1) if values else np.zeros(lead + (0,))

    axes = (-2, -1)
    return {
        "mean": per_layer(lambda l: cache[f"A{l}"].mean(axis=axes), hidden),
        "std": per_layer(lambda l: cache[f"A{l}"].std(axis=axes), hidden),
        "saturated": per_layer(lambda l: act.saturated(cache[f"A{l}"]).mean(axis=axes), hidden),
        "mean_abs_gprime": per_layer(lambda l: np.abs(act.g_prime(cache[f"Z{l}"])).mean(axis=axes), hidden),
        "dZ_norm": per_layer(
            lambda l: np.sqrt((cache[f"dZ{l}"] ** 2).mean(axis=axes)) if f"dZ{l}" in cache
            else np.full(np.shape(grads["dW1"])[:-2], np.nan), hidden),
        "grad_norm": per_layer(lambda l: np.sqrt((grads[f"dW{l}"] ** 2).sum(axis=axes)), range(1, L + 1)),
    }


def measure(params, X, Y, hidden="relu", output="sigmoid"):
    """Run one forward and backward pass and return :func:`layer_stats`.

    Parameters
    ----------
    params : dict of ndarray
        ``W[l]`` of shape ([K,] n_l, n_{l-1}), ``b[l]`` of shape ([K,] n_l, 1).
    X : ndarray of shape ([K,] n_x, m)
    Y : ndarray of shape ([K,] n_L, m)
    hidden, output : str

    Returns
    -------
    stats : dict of str -> ndarray of shape ([K,] L-1) or ([K,] L)
    """
    _, cache = mlp.forward(params, X, hidden, output)
    grads = mlp.backward(params, cache, Y)
    return layer_stats(cache, grads)


def unit_distance(W, b=None):
    """Largest Euclidean distance between two units' incoming weight vectors.

    Unit ``i`` of a layer is the row ``W[i, :]`` (with ``b[i]`` appended when given). The value
    is exactly 0 when all units are identical — the signature of an unbroken symmetry.

    Parameters
    ----------
    W : ndarray of shape ([K,] n_l, n_{l-1})
    b : ndarray of shape ([K,] n_l, 1), optional

    Returns
    -------
    distance : float, or ndarray of shape (K,)
    """
    V = np.asarray(W, dtype=np.float64)
    if V.ndim < 2:
        raise ValueError(f"W must have shape ([K,] n_l, n_prev), got {V.shape}")
    if b is not None:
        b = np.asarray(b, dtype=np.float64)
        if b.shape != V.shape[:-1] + (1,):
            raise ValueError(f"b has shape {b.shape}; expected {V.shape[:-1] + (1,)} to match W {V.shape}")
        V = np.concatenate([V, b], axis=-1)
    # Row by row rather than a (n, n, d) difference tensor: exact zeros, O(n·d) memory.
    best = np.zeros(V.shape[:-2])
    for i in range(V.shape[-2]):
        d = np.sqrt(((V - V[..., i:i + 1, :]) ** 2).sum(axis=-1)).max(axis=-1)
        best = np.maximum(best, d)
    return float(best) if best.ndim == 0 else best


def numerical_rank(W, rtol=1e-10):
    """Number of singular values above ``rtol`` times the largest one.

    Parameters
    ----------
    W : ndarray of shape ([K,] n_l, n_{l-1})
    rtol : float >= 0, default 1e-10

    Returns
    -------
    rank : int, or ndarray of shape (K,) of int
    """
    W = np.asarray(W, dtype=np.float64)
    if W.ndim < 2:
        raise ValueError(f"W must have shape ([K,] n_l, n_prev), got {W.shape}")
    rtol = check_positive(rtol, "numerical_rank: rtol", allow_zero=True)
    s = np.linalg.svd(W, compute_uv=False)
    # strictly above: a zero matrix (s_max = 0) has rank 0, and rtol = 0 counts the nonzero singular values
    rank = (s > rtol * s.max(axis=-1, keepdims=True)).sum(axis=-1)
    return int(rank) if np.ndim(rank) == 0 else rank


def symmetry(params):
    """Symmetry measures for every hidden layer.

    Parameters
    ----------
    params : dict of ndarray

    Returns
    -------
    report : dict
        ``"unit_distance"`` and ``"rank"``, each of shape ([K,] L-1): for hidden layer ``l``,
        :func:`unit_distance` of ``(W[l], b[l])`` and :func:`numerical_rank` of ``W[l]``.
    """
    L, lead = check_params(params)
    dist = [np.asarray(unit_distance(params[f"W{l}"], params[f"b{l}"])) for l in range(1, L)]
    rank = [np.asarray(numerical_rank(params[f"W{l}"])) for l in range(1, L)]
    empty = np.zeros(lead + (0,))
    return {
        "unit_distance": np.stack(dist, axis=-1) if dist else empty,
        "rank": np.stack(rank, axis=-1) if rank else empty.astype(int),
    }
