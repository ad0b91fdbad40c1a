"""Datasets in the course's column-major convention: ``X`` is ``(n_x, m)``, ``Y`` is ``(n_y, m)``.

The 2-D toy problems (``circles, moons, spirals, xor, blobs``) are drawn from an explicit
``rng: numpy.random.Generator``, so the same seed always gives identical arrays. Each one builds the
classes in order and then shuffles the columns, so that any split by columns is fair.
Binary sets return ``Y`` of shape ``(1, m)`` with values in {0., 1.}; class 0 gets ``m - m//2``
examples and class 1 gets ``m//2`` (so when m is odd, class 0 has one more).

``digits()`` loads the 8x8 handwritten digits (the UCI set that scikit-learn calls ``load_digits``).
They ship with nnlib as ``nnlib/datasets/digits.npz``, so nothing is downloaded and scikit-learn is
not needed.

(Longer than nnlib's other modules, on purpose: five generators of about 30 lines each, most of it
their docstrings with shapes and class balance, belong in the one place a learner looks for data.)
"""

from importlib.resources import files
from numbers import Integral, Real

import numpy as np

from .checks import check_int, check_name, check_real, check_rng

__all__ = ["circles", "moons", "spirals", "xor", "blobs", "digits", "split", "load", "DATASETS"]


def _binary(m, rng, class0, class1):
    """Draw ``m - m//2`` points with ``class0(n)`` and ``m//2`` with ``class1(n)``, then shuffle."""
    m = check_int(m, "m", 2)
    n1 = m // 2
    X = np.concatenate([class0(m - n1), class1(n1)], axis=-1)
    Y = np.concatenate([np.zeros(m - n1), np.ones(n1)])[None, :]
    order = rng.permutation(m)
    return X[:, order], Y[:, order]


# --- the 2-D generators ---------------------------------------------------------------------------

def circles(m, rng, noise=0.1, factor=0.5):
    """Two concentric circles: class 0 on radius 1, class 1 on radius ``factor``.

    Parameters
    ----------
    m : int
        Number of examples (>= 2).
    rng : numpy.random.Generator
    noise : float
        Standard deviation of Gaussian noise added to each coordinate.
    factor : float
        Inner radius relative to the outer one, in (0, 1).

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
        Labels in {0., 1.}.

    Examples
    --------
    >>> X, Y = circles(200, np.random.default_rng(0))
    >>> X.shape, Y.shape
    ((2, 200), (1, 200))
    """
    check_rng(rng, "circles")
    noise = check_real(noise, "noise", 0.0)
    factor = check_real(factor, "factor", 0.0, 1.0, low_open=True)

    def ring(radius):
        def draw(n):
            angle = rng.uniform(0.0, 2 * np.pi, n)
            return radius * np.stack([np.cos(angle), np.sin(angle)]) + noise * rng.standard_normal((2, n))
        return draw

    return _binary(m, rng, ring(1.0), ring(factor))


def moons(m, rng, noise=0.1):
    """Two interleaving half circles of radius 1 (as in scikit-learn's ``make_moons``).

    Class 0 lies on the upper half of the circle centred at (0, 0), class 1 on the lower half of the
    circle centred at (1, 0.5).

    Parameters
    ----------
    m : int
        Number of examples (>= 2).
    rng : numpy.random.Generator
    noise : float
        Standard deviation of Gaussian noise added to each coordinate.

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
        Labels in {0., 1.}.
    """
    check_rng(rng, "moons")
    noise = check_real(noise, "noise", 0.0)

    def moon(centre, sign):
        def draw(n):
            angle = rng.uniform(0.0, np.pi, n)
            points = np.stack([np.cos(angle), sign * np.sin(angle)]) + np.array(centre)[:, None]
            return points + noise * rng.standard_normal((2, n))
        return draw

    return _binary(m, rng, moon((0.0, 0.0), 1.0), moon((1.0, 0.5), -1.0))


def spirals(m, rng, noise=0.2, turns=1.5):
    """Two interleaved spirals, radius growing from 0 to 1 over ``turns`` turns.

    Class 1 is class 0 rotated by half a turn.

    Parameters
    ----------
    m : int
        Number of examples (>= 2).
    rng : numpy.random.Generator
    noise : float
        Standard deviation of Gaussian noise added to the *angle*, in radians (the CS231n convention):
        the arms are half a turn (pi) apart at every radius, so an angular noise means the same for
        any number of turns.
    turns : float
        Number of turns of each arm (> 0).

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
        Labels in {0., 1.}.
    """
    check_rng(rng, "spirals")
    noise = check_real(noise, "noise", 0.0)
    turns = check_real(turns, "turns", 0.0, low_open=True)

    def arm(offset):
        def draw(n):
            r = rng.uniform(0.0, 1.0, n)
            angle = 2 * np.pi * turns * r + offset + noise * rng.standard_normal(n)
            return r * np.stack([np.cos(angle), np.sin(angle)])
        return draw

    return _binary(m, rng, arm(0.0), arm(np.pi))


def xor(m, rng, noise=0.1):
    """Points uniform in the square [-1, 1]^2, labelled 1 where ``x1 * x2 > 0`` (XOR of the signs).

    Each class is drawn from its own two quadrants so the classes are balanced exactly. With
    ``noise=0`` the sign rule separates them perfectly; no line does, which is the point of XOR.

    Parameters
    ----------
    m : int
        Number of examples (>= 2).
    rng : numpy.random.Generator
    noise : float
        Standard deviation of Gaussian noise added to each coordinate (points may cross the axes).

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
        Labels in {0., 1.}.
    """
    check_rng(rng, "xor")
    noise = check_real(noise, "noise", 0.0)

    def quadrants(same_sign):
        def draw(n):
            magnitude = rng.uniform(0.0, 1.0, (2, n))
            sign = rng.choice([-1.0, 1.0], n)
            points = magnitude * np.stack([sign, sign if same_sign else -sign])
            return points + noise * rng.standard_normal((2, n))
        return draw

    return _binary(m, rng, quadrants(False), quadrants(True))


def blobs(m, rng, centers=3, std=1.0):
    """Isotropic Gaussian clusters with centres evenly spaced on the circle of radius 4.

    Parameters
    ----------
    m : int
        Number of examples (>= centers); sizes differ by at most one, earlier classes first.
    rng : numpy.random.Generator
    centers : int
        Number of classes C (>= 2).
    std : float
        Standard deviation of each cluster (>= 0). Neighbouring centres are 8 sin(pi/C) apart
        (6.9 for C = 3), so clusters start to overlap when std approaches a quarter of that.

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (C, m)
        One-hot labels.
    """
    check_rng(rng, "blobs")
    C = check_int(centers, "centers", 2)
    m = check_int(m, "m", C)
    std = check_real(std, "std", 0.0)
    labels = np.repeat(np.arange(C), [m // C + (k < m % C) for k in range(C)])
    angle = 2 * np.pi * np.arange(C) / C
    X = 4.0 * np.stack([np.cos(angle), np.sin(angle)])[:, labels] + std * rng.standard_normal((2, m))
    order = rng.permutation(m)
    return X[:, order], np.eye(C)[:, labels[order]]


DATASETS = {"circles": circles, "moons": moons, "spirals": spirals, "xor": xor, "blobs": blobs}


def load(name, m, rng, **kw):
    """Call the generator registered as ``name`` in :data:`DATASETS`, e.g. ``load("moons", 200, rng)``.

    ``**kw`` go to the generator (``noise``, ``factor``, ``turns``, ``centers``, ``std``). Returns its
    ``(X, Y)``: ``X`` of shape (2, m), ``Y`` of shape (1, m) or, for ``blobs``, (centers, m).
    """
    return check_name(name, DATASETS, "dataset", arg="name")(m, rng, **kw)


# --- real data ------------------------------------------------------------------------------------

def digits(n_classes=10):
    """The 1797 8x8 handwritten digits, in their original order.

    Parameters
    ----------
    n_classes : int
        Keep only the digits ``0 .. n_classes-1`` (2 to 10).

    Returns
    -------
    X : ndarray of shape (64, m)
        Pixels scaled to [0, 1] (pixel / 16); m = 1797 when ``n_classes=10``.
    Y : ndarray of shape (n_classes, m), or (1, m) when ``n_classes=2``
        One-hot labels; for two classes a single row with 1. for the digit 1 (a binary task).
    """
    n_classes = check_int(n_classes, "n_classes", 2)
    if n_classes > 10:
        raise ValueError(f"n_classes must be between 2 and 10, got {n_classes}")
    with (files("nnlib") / "datasets" / "digits.npz").open("rb") as f, np.load(f) as data:
        images, target = data["images"], data["target"].astype(np.intp)
    keep = target < n_classes
    # contiguous (64, m): the matrix products in training read it row by row
    X = np.ascontiguousarray(images[keep].swapaxes(-1, -2), dtype=np.float64) / 16.0
    Y = np.eye(n_classes)[:, target[keep]]
    return X, (Y[1:] if n_classes == 2 else Y)


def split(X, Y, test, rng):
    """Split the columns of ``X`` and ``Y`` at random into a training and a test set.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (n_y, m)
    test : int or float
        Number of test columns (1 .. m-1), or the fraction of them in (0, 1) (rounded).
    rng : numpy.random.Generator

    Returns
    -------
    X_train : ndarray of shape (n_x, m - n_test)
    Y_train : ndarray of shape (n_y, m - n_test)
    X_test : ndarray of shape (n_x, n_test)
    Y_test : ndarray of shape (n_y, n_test)
    """
    check_rng(rng, "split")
    X, Y = np.asarray(X), np.asarray(Y)
    if X.ndim != 2 or Y.ndim != 2:
        raise ValueError(f"X and Y must be 2-D, (n_x, m) and (n_y, m), got X {X.shape} and Y {Y.shape}; "
                         "reshape a label vector with Y.reshape(1, -1)")
    m = X.shape[-1]
    if Y.shape[-1] != m:
        raise ValueError(f"X and Y must have the same number of columns m, got X {X.shape} and Y {Y.shape}")
    if isinstance(test, bool) or not isinstance(test, Real):
        raise TypeError(f"test must be an int (test columns) or a float in (0, 1), got {test!r}")
    n_test = int(test) if isinstance(test, Integral) else round(check_real(test, "test", 0, 1, True) * m)
    if not 1 <= n_test <= m - 1:
        raise ValueError(f"test must leave at least one column on each side: got test={test!r}, "
                         f"i.e. {n_test} of m={m} columns")
    order = rng.permutation(m)
    test_cols, train_cols = order[:n_test], order[n_test:]
    return X[:, train_cols], Y[:, train_cols], X[:, test_cols], Y[:, test_cols]
