"""Weight initializers: ``init(shape, rng, **hyper) -> ndarray of shape``.

``shape = (..., fan_out, fan_in)``: the last two axes are one weight matrix ``W[l]`` of shape
``(n_l, n_{l-1})`` and any leading axes stack independent networks. So
``fan_in = shape[-1]`` (inputs feeding each unit) and ``fan_out = shape[-2]``.

The named schemes and the variance each one targets:

============== ====================================== =================================
name           distribution                           why
============== ====================================== =================================
zeros          0                                      the symmetric start (lesson 03)
constant       ``value``                              symmetric too, but not zero
normal         N(0, std²)                             "small random numbers" (×0.01)
uniform        U[−limit, limit]                       the same, uniform
lecun_normal   Var = 1 / fan_in                       keeps Var(z) for linear/tanh units
xavier_normal  Var = gain² · 2 / (fan_in + fan_out)   forward/backward compromise
xavier_uniform limit = gain · √(6 / (fan_in+fan_out)) same variance, uniform
he_normal      Var = 2 / fan_in                       ReLU zeroes half the signal
he_uniform     limit = √(6 / fan_in)                  same variance, uniform
orthogonal     W Wᵀ = gain² I (or Wᵀ W)               all singular values equal gain
============== ====================================== =================================

The frameworks' defaults (``torch_linear``, ``keras_dense``, ``flax_dense``) and the general
``variance_scaling`` live in :mod:`nnlib.frameworks` and are registered here too. ``he_normal``
and ``he_uniform`` take PyTorch's ``mode`` ("fan_in", "fan_out" or "fan_avg").
"""

import functools
import inspect
import math

import numpy as np

from .checks import check_name, check_positive, check_real, check_rng, check_shape
from .frameworks import fan, flax_dense, keras_dense, torch_linear, torch_linear_bias, variance_scaling


def zeros(shape, rng=None):
    """All zeros. ``rng`` is accepted (and ignored) so every initializer has one signature.

    Parameters
    ----------
    shape : tuple of int, (..., fan_out, fan_in)
    rng : numpy.random.Generator, optional

    Returns
    -------
    W : ndarray of shape ``shape``
    """
    return np.zeros(check_shape(shape, "zeros", 1))


def constant(shape, rng=None, value=0.5):
    """Every entry equal to ``value`` — random-free, hence symmetric. ``W`` of shape ``shape``."""
    check_real(value, "constant: value")
    return np.full(check_shape(shape, "constant", 1), float(value))


def normal(shape, rng, std=0.01):
    """Gaussian N(0, std²) of shape ``shape``; the classic ``randn(...) * 0.01`` when std = 0.01."""
    check_rng(rng, "normal")
    check_positive(std, "normal: std", allow_zero=True)
    return std * rng.standard_normal(check_shape(shape, "normal", 1))


def uniform(shape, rng, limit=0.05):
    """Uniform U[−limit, limit] (variance limit²/3) of shape ``shape``."""
    check_rng(rng, "uniform")
    check_positive(limit, "uniform: limit", allow_zero=True)
    return rng.uniform(-limit, limit, size=check_shape(shape, "uniform", 1))


def lecun_normal(shape, rng):
    """N(0, 1/fan_in): keeps ``Var(z) = Var(a_prev)`` through a linear layer (LeCun et al. 1998)."""
    check_rng(rng, "lecun_normal")
    shape = check_shape(shape, "lecun_normal")
    return rng.standard_normal(shape) * math.sqrt(1.0 / shape[-1])


def xavier_normal(shape, rng, gain=1.0):
    """N(0, gain² · 2/(fan_in + fan_out)) — Glorot & Bengio (2010).

    Forward propagation wants ``fan_in · Var(w) = 1``, backpropagation wants
    ``fan_out · Var(w) = 1``; the harmonic compromise satisfies both when the fans are equal.
    Use ``gain = 5/3`` for tanh (PyTorch's ``calculate_gain``), 1 for sigmoid/linear.

    Parameters
    ----------
    shape : tuple of int, (..., fan_out, fan_in)
    rng : numpy.random.Generator
    gain : float > 0

    Returns
    -------
    W : ndarray of shape ``shape``
    """
    check_rng(rng, "xavier_normal")
    shape, gain = check_shape(shape, "xavier_normal"), check_positive(gain, "xavier_normal: gain")
    return rng.standard_normal(shape) * gain * math.sqrt(2.0 / (shape[-1] + shape[-2]))


def xavier_uniform(shape, rng, gain=1.0):
    """U[−a, a] with ``a = gain · √(6/(fan_in + fan_out))`` — same variance as :func:`xavier_normal`."""
    check_rng(rng, "xavier_uniform")
    shape, gain = check_shape(shape, "xavier_uniform"), check_positive(gain, "xavier_uniform: gain")
    limit = gain * math.sqrt(6.0 / (shape[-1] + shape[-2]))
    return rng.uniform(-limit, limit, size=shape)


def he_normal(shape, rng, mode="fan_in"):
    """N(0, 2/fan_in) — He et al. (2015): ReLU zeroes half its inputs, so ``E[a²] = Var(z)/2``
    and the weights must double their variance to keep the signal's size. ``W`` of shape ``shape``.
    ``mode="fan_out"`` (PyTorch's ``kaiming_normal_(mode=)``) keeps the backward gradient instead.
    """
    check_rng(rng, "he_normal")
    shape, n = fan(shape, mode, "he_normal")
    return rng.standard_normal(shape) * math.sqrt(2.0 / n)


def he_uniform(shape, rng, mode="fan_in"):
    """U[−a, a] with ``a = √(6/fan)`` — same variance as :func:`he_normal`, same ``mode``."""
    check_rng(rng, "he_uniform")
    shape, n = fan(shape, mode, "he_uniform")
    limit = math.sqrt(6.0 / n)
    return rng.uniform(-limit, limit, size=shape)


def orthogonal(shape, rng, gain=1.0):
    """A (semi-)orthogonal matrix times ``gain`` — Saxe et al. (2014).

    Each stacked matrix has all singular values equal to ``gain``: ``W Wᵀ = gain² I`` when
    ``fan_out ≤ fan_in`` (wide) and ``Wᵀ W = gain² I`` when ``fan_out ≥ fan_in`` (tall). It is
    the Q factor of a Gaussian matrix with the signs of R's diagonal folded in, which makes it
    uniformly (Haar) distributed rather than biased by the QR algorithm's sign convention.

    Parameters
    ----------
    shape : tuple of int, (..., fan_out, fan_in)
    rng : numpy.random.Generator
    gain : float > 0

    Returns
    -------
    W : ndarray of shape ``shape``
    """
    check_rng(rng, "orthogonal")
    shape, gain = check_shape(shape, "orthogonal"), check_positive(gain, "orthogonal: gain")
    rows, cols = shape[-2:]
    tall = rows >= cols
    # QR needs a tall matrix; for a wide W we orthogonalise its transpose.
    A = rng.standard_normal(shape[:-2] + ((rows, cols) if tall else (cols, rows)))
    Q, R = np.linalg.qr(A)
    Q = Q * np.sign(np.diagonal(R, axis1=-2, axis2=-1))[..., None, :]
    return gain * (Q if tall else Q.swapaxes(-1, -2))


INITIALIZERS = {
    f.__name__: f
    for f in (zeros, constant, normal, uniform, lecun_normal, xavier_normal, xavier_uniform,
              he_normal, he_uniform, orthogonal, torch_linear, keras_dense, flax_dense, variance_scaling)
}
__all__ = [*INITIALIZERS, "INITIALIZERS", "get_initializer", "torch_linear_bias"]


def get_initializer(name, **hyper):
    """Return the initializer ``name`` with its hyper-parameters bound.

    Parameters
    ----------
    name : str
        One of ``INITIALIZERS``: zeros, constant, normal, uniform, lecun_normal, xavier_normal,
        xavier_uniform, he_normal, he_uniform, orthogonal, torch_linear, keras_dense,
        flax_dense, variance_scaling.
    **hyper
        Hyper-parameters of that scheme (``value``, ``std``, ``limit`` or ``gain``).

    Returns
    -------
    init : callable ``(shape, rng) -> ndarray of shape``

    Raises
    ------
    ValueError
        Unknown name (lists the valid ones) or a hyper-parameter the scheme does not take.

    Examples
    --------
    >>> init = get_initializer("normal", std=0.01)
    >>> init((3, 2), np.random.default_rng(0)).shape
    (3, 2)
    """
    init = check_name(name, INITIALIZERS, "initializer")
    accepted = [p for p in inspect.signature(init).parameters if p not in ("shape", "rng")]
    unknown = sorted(set(hyper) - set(accepted))
    if unknown:
        raise ValueError(
            f"initializer {name!r} does not take {unknown}; it accepts {accepted or 'no hyper-parameters'}"
        )
    bound = functools.partial(init, **hyper)
    bound.__name__ = name
    return bound
