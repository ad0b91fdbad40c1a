"""Plain gradient descent for any network given as a ``loss_and_grads`` function.

:func:`nnlib.train.train` is the fast loop for :mod:`nnlib.mlp`; this one trains the networks of
:mod:`nnlib.residual` and :mod:`nnlib.normnet` (or any ``params`` dict with a matching
``loss_and_grads(params, X, Y, **kw) -> (loss, grads)``), one network or a stack of K.
"""

import numpy as np
from tqdm.auto import tqdm

from .checks import check_positive


def update_ratios(params, grads, lr):
    """Update-to-data ratio ``‖lr·dW‖ / ‖W‖`` of every weight matrix ``W…`` (a step's relative size).

    Parameters
    ----------
    params, grads : dict
        ``grads["d" + key]`` for each ``key`` of ``params`` starting with "W".
    lr : float

    Returns
    -------
    ratios : dict of str -> float or ndarray of shape (K,)
        ``inf`` where ``W`` is exactly zero and its gradient is not.
    """
    out = {}
    for key, W in params.items():
        if key.startswith("W"):
            num = lr * np.linalg.norm(grads["d" + key], axis=(-2, -1))
            den = np.linalg.norm(W, axis=(-2, -1))
            with np.errstate(divide="ignore", invalid="ignore"):
                out[key] = np.where(den > 0, num / np.where(den > 0, den, 1), np.where(num > 0, np.inf, 0.0))
    return out


def gradient_descent(params, X, Y, loss_and_grads, lr=0.1, steps=100, record_every=1, progress=False,
                     stop_nonfinite=True, **kw):
    """Full-batch gradient descent.

    Parameters
    ----------
    params : dict of ndarray
        Not modified (training works on a copy).
    X : ndarray of shape ([K,] n_x, m)
    Y : ndarray of shape ([K,] n_y, m)
    loss_and_grads : callable
        ``loss_and_grads(params, X, Y, **kw) -> (loss, grads)`` with ``grads["d" + key]``.
    lr : float > 0
    steps : int >= 0
    record_every : int > 0
        Record the loss every this many steps (and after the last).
    progress : bool
        Show a tqdm progress bar.
    stop_nonfinite : bool, default True
        Stop early once the loss of every (stacked) network is nan or inf — nothing more can happen.
    **kw
        Passed to ``loss_and_grads`` (``hidden=``, ``output=``, ``norm=``).

    Returns
    -------
    params : dict of ndarray
    history : dict
        ``"step"`` of shape (n_records,) and ``"loss"`` of shape (n_records, [K]); non-finite
        losses are recorded as they are (nan / inf). ``"nonfinite_step"``: first step at which
        each network's loss was non-finite, −1 if never (shape ([K,])).
    """
    check_positive(lr, "lr")
    check_positive(steps, "steps", allow_zero=True, integer=True)
    check_positive(record_every, "record_every", integer=True)
    p = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    rec_step, rec_loss, bad = [], [], None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for step in tqdm(range(steps + 1), disable=not progress, leave=False):
            loss, grads = loss_and_grads(p, X, Y, **kw)
            if bad is None:
                bad = np.full(np.shape(loss), -1)
            bad = np.where((bad < 0) & ~np.isfinite(loss), step, bad)
            done = step == steps or (stop_nonfinite and np.all(bad >= 0))
            if step % record_every == 0 or done:
                rec_step.append(step)
                rec_loss.append(loss)
            if done:
                break
            for k in p:
                p[k] -= lr * grads["d" + k]
    return p, {"step": np.array(rec_step), "loss": np.array(rec_loss), "nonfinite_step": bad}
