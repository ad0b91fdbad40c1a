"""Expectations over Gaussians by the trapezoidal rule: what :mod:`nnlib.meanfield`'s maps integrate.

The mean-field maps need ``E[f(√q z)]`` for ``z ~ N(0, 1)`` and ``E[f(u1) g(u2)]`` for a pair of
Gaussians with variance ``q`` and correlation ``c``. For a smooth ``f`` (tanh, sigmoid and their
derivatives) the trapezoidal rule in ``z`` on ``|z| ≤ 8.5`` converges exponentially with the step
(it integrates a rapidly decaying analytic function; Trefethen & Weideman 2014, "The exponentially
convergent trapezoidal rule"): with step ``0.25 / max(1, √q)`` the error is below 1e-9, which
``tests/test_meanfield.py`` checks against scipy's adaptive ``quad``. A kink (ReLU) would break
that convergence, which is why :mod:`nnlib.meanfield` uses closed forms there.
"""

import numpy as np

__all__ = ["Z_MAX", "nodes", "expect", "expect2"]

#: The N(0, 1) density beyond this is below 1e-16: the quadrature's range in z.
Z_MAX = 8.5


def nodes(q):
    """Trapezoid nodes and weights for ``E[f(√q z)]``, ``z ~ N(0, 1)``.

    Parameters
    ----------
    q : float > 0
        The variance of the Gaussian ``u = √q z``; the step shrinks as ``1/√q`` so that ``f(u)``
        is resolved however wide the Gaussian is.

    Returns
    -------
    z : ndarray of shape (n,)
        Equally spaced points of ``[-Z_MAX, Z_MAX]``.
    w : ndarray of shape (n,)
        The N(0, 1) density at ``z``, normalised to sum to 1.
    """
    h = 0.25 / max(1.0, np.sqrt(q))
    z = np.arange(-Z_MAX, Z_MAX + h / 2, h)
    w = np.exp(-0.5 * z * z)
    return z, w / w.sum()


def expect(f, q):
    """``E[f(u)]`` for ``u ~ N(0, q)``.

    Parameters
    ----------
    f : callable, ndarray of shape (n,) -> ndarray of shape (n,)
    q : float > 0

    Returns
    -------
    float
    """
    z, w = nodes(q)
    return float(w @ f(np.sqrt(q) * z))


def expect2(f, g, q, c):
    """``E[f(u1) g(u2)]`` for ``(u1, u2)`` Gaussian with variances ``q`` and correlation ``c``.

    ``u1 = √q z1`` and ``u2 = √q (c z1 + √(1 − c²) z2)`` with ``z1, z2`` independent N(0, 1), on the
    product of two trapezoid grids.

    Parameters
    ----------
    f, g : callable, ndarray -> ndarray of the same shape
    q : float > 0
    c : float in [-1, 1]

    Returns
    -------
    float
    """
    z, w = nodes(q)
    u1 = np.sqrt(q) * z
    u2 = np.sqrt(q) * (c * z[:, None] + np.sqrt(max(0.0, 1.0 - c * c)) * z[None, :])
    return float(w @ (f(u1)[:, None] * g(u2)) @ w)
