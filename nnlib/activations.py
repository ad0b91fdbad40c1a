"""Activation functions and their derivatives with respect to the pre-activation ``Z``.

Backprop needs ``g'(Z)`` (not ``g'(A)``): ``dZ = dA * g'(Z)``. Every function here takes the
pre-activation ``Z`` of any shape — ``(n, m)`` or stacked ``(K, n, m)`` — and returns an array
of the same shape.

Each activation also knows what *saturated* means for it, which the diagnostics and the
saturation widget count: sigmoid outputs below 0.01 or above 0.99, tanh outputs with
``|a| > 0.99`` (there ``g'`` is below 0.02), ReLU units that are off (``a = 0``, ``g' = 0``).
"""

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .checks import check_name


def sigmoid(Z):
    """Logistic function ``1 / (1 + exp(-z))``, computed without overflow.

    ``exp(-z)`` overflows for ``z < -709``; using ``exp(-|z|)`` (always ≤ 1) in both branches
    keeps every intermediate finite for any finite ``z``.

    Parameters
    ----------
    Z : ndarray of shape (..., n, m)

    Returns
    -------
    A : ndarray of shape (..., n, m), values in [0, 1]

    Examples
    --------
    >>> float(sigmoid(np.array(0.0)))
    0.5
    """
    Z = np.asarray(Z, dtype=np.float64)
    e = np.exp(-np.abs(Z))
    # Same values as np.where(Z >= 0, 1 / (1 + e), e / (1 + e)), with one division instead of
    # two (and 1 + e computed once): this runs at every training step.
    return np.where(Z >= 0, 1.0, e) / (1.0 + e)


def sigmoid_prime(Z):
    """Derivative ``σ(z) (1 − σ(z))``; at most 1/4, reached at ``z = 0``.

    Parameters
    ----------
    Z : ndarray of shape (..., n, m)

    Returns
    -------
    dA_dZ : ndarray of shape (..., n, m)
    """
    s = sigmoid(Z)
    return s * (1.0 - s)


def tanh(Z):
    """Hyperbolic tangent (values in [-1, 1]); ``Z`` of shape (..., n, m)."""
    return np.tanh(Z)


def tanh_prime(Z):
    """Derivative ``1 − tanh(z)²``; equals 1 at ``z = 0``. ``Z`` of shape (..., n, m)."""
    t = np.tanh(Z)
    return 1.0 - t * t


def relu(Z):
    """Rectified linear unit ``max(z, 0)``; ``Z`` of shape (..., n, m)."""
    Z = np.asarray(Z)
    # against a row of zeros rather than the scalar 0.0: the same numbers (also for -0.0 and nan),
    # but numpy then runs its vectorised loop, about twice as fast (a ReLU layer's costliest pass)
    return np.maximum(Z, np.zeros(Z.shape[-1:], dtype=np.result_type(Z, 0.0)))


def relu_prime(Z):
    """Derivative of ReLU: 1 where ``z > 0``, else 0 (we take 0 at the kink ``z = 0``).

    The choice at ``z = 0`` matters for this course: with zero initialisation every
    pre-activation is exactly 0, and ``g'(0) = 0`` is what frameworks use too.
    """
    return (np.asarray(Z) > 0).astype(np.float64)


def linear(Z):
    """Identity ``g(z) = z`` (a network of linear layers is still a linear map)."""
    return np.asarray(Z, dtype=np.float64)


def linear_prime(Z):
    """Derivative of the identity: ones of the shape of ``Z``."""
    return np.ones_like(Z, dtype=np.float64)


class Activation(NamedTuple):
    """An activation with its derivative and saturation test.

    Attributes
    ----------
    name : str
    g : callable, ``Z -> A``
    g_prime : callable, ``Z -> dA/dZ`` (with respect to the pre-activation)
    saturated : callable, ``A -> bool array``; True where the unit is saturated (g' ≈ 0)
    """

    name: str
    g: Callable
    g_prime: Callable
    saturated: Callable


ACTIVATIONS = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime, lambda A: (A < 0.01) | (A > 0.99)),
    "tanh": Activation("tanh", tanh, tanh_prime, lambda A: np.abs(A) > 0.99),
    "relu": Activation("relu", relu, relu_prime, lambda A: A <= 0.0),
    "linear": Activation("linear", linear, linear_prime, lambda A: np.zeros(np.shape(A), dtype=bool)),
}


def get_activation(name, what="activation"):
    """Look up an activation by name — the one lookup nnlib uses (mlp, train, propagation, lsuv, saturation).

    Parameters
    ----------
    name : {"sigmoid", "tanh", "relu", "linear"}
    what : str, default "activation"
        What the name is for, in the error message (e.g. "hidden activation").

    Returns
    -------
    Activation
        Named tuple ``(name, g, g_prime, saturated)``.

    Raises
    ------
    ValueError
        If ``name`` is unknown; the message lists the valid names.
    TypeError
        If ``name`` is not a string.

    Examples
    --------
    >>> g, g_prime = get_activation("tanh")[1:3]
    >>> float(g_prime(np.array(0.0)))
    1.0
    """
    return check_name(name, ACTIVATIONS, what)
