"""Confidence intervals over seeds, and which schemes they separate: the statistics of a comparison.

A comparison of initialisations (:func:`nnlib.compare.compare`) gives one measurement per scheme and
seed. :func:`bootstrap_ci` turns the seeds into a mean with a percentile-bootstrap interval (Efron &
Tibshirani 1993, ch. 13), and :func:`rank_by_intervals` calls a scheme worse than the best only where
the two intervals separate by more than the measurement's resolution.
"""

import warnings

import numpy as np

from .checks import check_positive, check_rng

__all__ = ["bootstrap_ci", "rank_by_intervals"]


def bootstrap_ci(values, rng, *, n_boot=2000, level=0.95):
    """Mean over seeds with a percentile-bootstrap confidence interval.

    Parameters
    ----------
    values : ndarray of shape (..., S)
        One measurement per seed along the last axis (``nan`` = missing, e.g. diverged).
    rng : numpy.random.Generator
        Draws the resamples (the same resampled seed indices for every entry of ``...``).
    n_boot : int
    level : float in (0, 1)

    Returns
    -------
    mean, low, high : ndarray of shape (...)
        The mean over the seeds and the interval's bounds (``nan`` where no seed is finite).

    Notes
    -----
    With few seeds the percentile bootstrap is only approximate: it resamples the ``S`` observed
    values as if they were the population, so its interval is narrower than a Student-t
    interval by about ``1.96 * sqrt((S - 1) / S) / t_{S-1}`` (0.82 at ``S = 10``) and covers the
    true mean less often than ``level``.
    """
    check_rng(rng, "bootstrap_ci")
    check_positive(n_boot, "bootstrap_ci: n_boot", integer=True)
    if not 0 < level < 1:
        raise ValueError(f"bootstrap_ci: level must be in (0, 1), got {level!r}")
    values = np.asarray(values, dtype=np.float64)
    if values.ndim < 1 or values.shape[-1] < 2:
        raise ValueError(f"bootstrap_ci: values must have at least 2 seeds on the last axis, got shape {values.shape}")
    S = values.shape[-1]
    idx = rng.integers(0, S, size=(n_boot, S))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-nan row gives nan, not a warning
        means = np.nanmean(values[..., idx], axis=-1)                   # (..., n_boot)
        tail = 100 * (1 - level) / 2
        low, high = np.nanpercentile(means, [tail, 100 - tail], axis=-1)
        return np.nanmean(values, axis=-1), low, high


def rank_by_intervals(mean, low, high, margin=0.0):
    """Label each scheme by whether its interval separates from the best one's.

    Parameters
    ----------
    mean, low, high : ndarray of shape (n,)
        Mean and confidence interval of each of n schemes (higher is better).
    margin : float >= 0
        The gap the intervals must leave to count as separated: the resolution of the
        measurement (e.g. one test example), which a bootstrap over seeds cannot see — all
        seeds at 100 % give an interval of width 0.

    Returns
    -------
    labels : list of str, length n
        ``"best"`` for the highest mean; ``"worse"`` when its upper bound is more than
        ``margin`` below the best's lower bound; ``"tied"`` otherwise.

    Notes
    -----
    ``"tied"`` means *not separated*, not *equal*: overlapping intervals are compatible with a
    real difference. The best is picked by its own mean (which favours it) and the ``n - 1``
    comparisons are not corrected for multiplicity.
    """
    check_positive(margin, "rank_by_intervals: margin", allow_zero=True)
    mean, low, high = (np.asarray(a, dtype=np.float64) for a in (mean, low, high))
    if not mean.shape == low.shape == high.shape or mean.ndim != 1:
        raise ValueError(f"mean, low, high must be 1-D of one length, got {mean.shape}, {low.shape}, {high.shape}")
    best = int(np.nanargmax(mean))
    return ["best" if i == best else "worse" if high[i] + margin < low[best] else "tied" for i in range(len(mean))]
