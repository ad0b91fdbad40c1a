"""How a deep network's signal looks at initialisation — the computation behind lesson 04's widget.

:func:`saturation_stats` builds a plain random network and measures, layer by layer, what the
saturation explorer (:func:`nnlib.widgets.saturation_explorer`) shows:

* input ``X ~ N(0, 1)`` of shape ``(width, m)`` (every input has variance 1);
* ``depth`` hidden layers of ``width`` units with the chosen activation, then one sigmoid output
  unit with random labels ``Y`` (it provides a real gradient to back-propagate);
* every weight ``W ~ N(0, scale²)`` — ``nnlib.initializers.normal(std=scale)`` — biases 0.

So ``scale`` is the weights' standard deviation: ``0.01`` is the classic ``randn(...) * 0.01``,
and ``1/√width`` is LeCun's choice. In the first layer ``z ~ N(0, scale² · width)`` exactly.

Everything is drawn from ``numpy.random.default_rng(seed)`` (``seed=0`` by default) in a fixed
order — ``X``, ``Y``, ``W1 … W_depth``, ``W_out`` — so the same settings always give the same
numbers, and changing ``depth`` keeps the first layers' weights. The widget's figure, histograms
and one-line readout of these stats live in :mod:`nnlib.widgets` (``saturation_view``, ``readout``).
"""

import functools
from dataclasses import dataclass, field

import numpy as np

from .activations import get_activation, sigmoid
from .checks import check_positive
from .mlp import init_params

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "linear")


@dataclass
class SaturationStats:
    """Per-layer measurements of one random network (hidden layers ``l = 1 .. depth``).

    Attributes
    ----------
    scale, activation, depth, width, m, seed
        The settings that produced these numbers.
    mean, std : ndarray of shape (depth,)
        Of the activations ``A[l]`` over units and examples.
    saturated : ndarray of shape (depth,)
        Fraction of saturated activations (:mod:`nnlib.activations` defines "saturated").
    mean_abs_gprime : ndarray of shape (depth,)
        Mean of ``|g'(Z[l])|`` — how much gradient each layer lets through.
    dZ_rms : ndarray of shape (depth,)
        RMS of the back-propagated gradient ``dZ[l]``.
    activations : list of ``depth`` ndarrays of shape (width, m)
    """

    scale: float
    activation: str
    depth: int
    width: int
    m: int
    seed: int
    mean: np.ndarray
    std: np.ndarray
    saturated: np.ndarray
    mean_abs_gprime: np.ndarray
    dZ_rms: np.ndarray
    activations: list = field(repr=False)


@functools.lru_cache(maxsize=4)
def _draw(depth, width, m, seed):
    """The random numbers of one setting, with unit scale (cached: sliding the scale redraws nothing)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((width, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    base = init_params([width] * (depth + 1) + [1], rng, init="normal", std=1.0)
    for a in (X, Y, *base.values()):
        a.flags.writeable = False
    return X, Y, base


def saturation_stats(scale, activation="tanh", depth=10, width=256, m=512, seed=0):
    """Forward and backward pass of a random deep network; statistics of every hidden layer.

    Parameters
    ----------
    scale : float > 0
        Standard deviation of every weight.
    activation : {"sigmoid", "tanh", "relu", "linear"}
        Activation of the hidden layers.
    depth : int >= 1
        Number of hidden layers.
    width : int >= 1
        Units per hidden layer, and the input size.
    m : int >= 1
        Number of examples.
    seed : int, default 0
        Seed of ``numpy.random.default_rng``; fixed, so equal settings give equal numbers.

    Returns
    -------
    SaturationStats

    Examples
    --------
    >>> s = saturation_stats(0.01, "tanh", depth=3, width=64, m=32)
    >>> s.std.shape
    (3,)
    """
    check_positive(scale, "scale")
    act = get_activation(activation)
    for value, name in ((depth, "depth"), (width, "width"), (m, "m")):
        check_positive(value, name, integer=True)
    depth, width, m, seed = int(depth), int(width), int(m), int(seed)
    X, Y, base = _draw(depth, width, m, seed)
    # The course's forward and backward passes (biases are 0), keeping only what is measured;
    # tests check every number against nnlib.mlp + nnlib.diagnostics. In-place work in two
    # reused buffers keeps this fast enough for a slider (see lesson 04).
    A, activations = X, []
    for l in range(1, depth + 1):
        Z = base[f"W{l}"] @ A
        Z *= scale  # (scale W) A = scale (W A)
        A = _activate_in_place(activation, Z)
        activations.append(A)
    dZ = sigmoid(scale * (base[f"W{depth + 1}"] @ A)) - Y  # dZ[L] = A[L] - Y
    gprime, buffers = np.empty((width, m)), (np.empty((width, m)), np.empty((width, m)))
    dZ_rms, mean_abs_gprime = np.empty(depth), np.empty(depth)
    for l in range(depth, 0, -1):
        _gprime_from_A(activation, activations[l - 1], out=gprime)  # equals g'(Z[l]) bit for bit
        mean_abs_gprime[l - 1] = gprime.mean()  # g' >= 0 for all four
        out = buffers[l % 2]
        np.matmul(base[f"W{l + 1}"].T, dZ, out=out)  # dZ[l] = W[l+1]^T dZ[l+1] * g'(Z[l])
        out *= scale
        out *= gprime
        dZ = out
        dZ_rms[l - 1] = np.sqrt(np.vdot(dZ, dZ) / dZ.size)
    flat = [a.ravel() for a in activations]
    mean = np.array([a.sum() / a.size for a in flat])
    # E[a²] - E[a]² with BLAS dot products: one pass each, no temporaries (the std is never tiny
    # next to the mean here, so the subtraction loses nothing that a 4-digit readout would show)
    std = np.sqrt(np.maximum(np.array([np.dot(a, a) / a.size for a in flat]) - mean**2, 0.0))
    return SaturationStats(
        scale=float(scale), activation=activation, depth=depth, width=width, m=m, seed=seed,
        mean=mean, std=std, saturated=np.array([np.count_nonzero(act.saturated(a)) / a.size for a in activations]),
        mean_abs_gprime=mean_abs_gprime, dZ_rms=dZ_rms, activations=activations,
    )


def _activate_in_place(activation, Z):
    """``g(Z)``, written over ``Z`` (no new array). Sigmoid as ``(1 + tanh(z/2)) / 2``: one
    transcendental per entry and no overflow; it equals ``nnlib.activations.sigmoid`` to about 1e-16
    (absolute — so not to full relative precision for outputs below ~1e-10, which no statistic here sees)."""
    if activation == "tanh":
        return np.tanh(Z, out=Z)
    if activation == "relu":
        return np.maximum(Z, 0.0, out=Z)
    if activation == "sigmoid":
        Z *= 0.5
        np.tanh(Z, out=Z)
        Z *= 0.5
        Z += 0.5
    return Z


def _gprime_from_A(activation, A, out):
    """``g'(Z)`` from ``A = g(Z)``: ``a(1-a)`` for sigmoid, ``1-a²`` for tanh, ``[a > 0]`` for ReLU."""
    if activation == "linear":
        out[...] = 1.0
        return out
    if activation == "relu":
        return np.greater(A, 0.0, out=out, casting="unsafe")
    if activation == "tanh":
        np.multiply(A, A, out=out)
        return np.subtract(1.0, out, out=out)
    np.subtract(1.0, A, out=out)
    return np.multiply(A, out, out=out)


__all__ = ["ACTIVATION_NAMES", "SaturationStats", "saturation_stats"]
