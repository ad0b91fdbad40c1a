"""A fixed random lift of the inputs: give the first layer the fan-in of a hidden layer.

Every fan-in rule is derived for a layer with many inputs of unit size. On 2-D data the first
layer has ``fan_in = 2``, and that is where the schemes differ most (lesson 06, section 1). Lifting
the inputs by a fixed random linear map to ``width`` features gives the first layer a hidden
layer's fan-in, while the model class stays the same (``W₁ R`` is any matrix of the first layer's
shape): lesson 06's control for the first layer.
"""

import math

import numpy as np

from .checks import check_positive, check_rng

__all__ = ["random_lift"]


def random_lift(X, width, rng):
    """A fixed random linear lift of the inputs to ``width`` features of the inputs' size.

    ``X' = R X`` with ``R = √(width/n_x) Q`` and ``Q`` of shape (width, n_x) with orthonormal
    columns (a Haar-random draw), so every lifted feature has, on average, the mean square of one
    input coordinate. The model class is unchanged (``W₁ R`` is any (n_1, n_x) matrix); what
    changes is that the first layer's fan_in is ``width``, like a hidden layer's.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    width : int >= n_x
    rng : numpy.random.Generator

    Returns
    -------
    X_lifted : ndarray of shape (width, m)
    R : ndarray of shape (width, n_x)
    """
    check_rng(rng, "random_lift")
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"random_lift: X must be (n_x, m), got shape {X.shape}")
    check_positive(width, "random_lift: width", integer=True)
    if width < X.shape[-2]:
        raise ValueError(f"random_lift: width={width} must be >= n_x={X.shape[-2]} (X of shape {X.shape})")
    Q, Rq = np.linalg.qr(rng.standard_normal((width, X.shape[-2])))
    R = math.sqrt(width / X.shape[-2]) * Q * np.sign(np.diagonal(Rq))
    return R @ X, R
