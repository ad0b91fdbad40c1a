"""Gradient descent for :mod:`nnlib.mlp` networks — one network or a stack of K in one call.

``train`` copies the parameters, validates everything once, then runs the unchecked forward /
backward pair so that a step costs little more than the numpy arithmetic itself. Its history
records the loss and accuracy on the *whole* training set (without dropout) every
``record_every`` steps, and optionally the per-layer statistics of :mod:`nnlib.diagnostics`.
"""

from dataclasses import dataclass, field

import numpy as np

from .checks import check_input, check_keep_prob, check_labels, check_name, check_params, check_positive, check_rng
from .diagnostics import layer_stats
from .losses import accuracy_from_logits, cross_entropy
from .mlp import _backward, _forward, _names


class NonFiniteLossError(FloatingPointError):
    """The loss became nan or inf during training (usually: learning rate or init scale too large)."""


@dataclass
class History:
    """What :func:`train` recorded.

    Attributes
    ----------
    step : ndarray of shape (n_records,)
        Number of updates made before each record (0 = the initial parameters).
    loss, accuracy : ndarray of shape (n_records,) or (n_records, K)
        On the full training set; ``nan`` after a stacked network diverged.
    stats_step : ndarray of shape (n_stats,)
    stats : dict of str -> ndarray of shape (n_stats, [K,] L)
        Per-layer statistics (see :func:`nnlib.diagnostics.layer_stats`) when requested.
    nonfinite_step : ndarray of shape ([K,]) of int
        Step at which each network's loss became non-finite, −1 if never.
    """

    step: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    stats_step: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    stats: dict = field(default_factory=dict)
    nonfinite_step: np.ndarray = field(default_factory=lambda: np.array(-1))

    @property
    def final_loss(self):
        """Loss after the last step: float or ndarray of shape (K,)."""
        return self.loss[-1]

    @property
    def final_accuracy(self):
        """Accuracy after the last step: float or ndarray of shape (K,)."""
        return self.accuracy[-1]

    def steps_to(self, accuracy=0.9):
        """First recorded step at which the accuracy reached ``accuracy`` (``nan`` if never).

        Returns
        -------
        float, or ndarray of shape (K,)
        """
        reached = self.accuracy >= accuracy
        first = np.where(reached.any(axis=0), self.step[reached.argmax(axis=0)], np.nan)
        return float(first) if np.ndim(first) == 0 else first


def train(params, X, Y, *, hidden="relu", output="sigmoid", lr=0.1, steps=1000, batch_size=None,
          keep_prob=1.0, rng=None, record_every=1, stats_every=None, on_nonfinite="raise", progress=False):
    """Train by (mini-batch) gradient descent.

    Parameters
    ----------
    params : dict of ndarray
        ``W[l]`` of shape ([K,] n_l, n_{l-1}), ``b[l]`` of shape ([K,] n_l, 1). Not modified:
        training works on a copy.
    X : ndarray of shape (n_x, m) or (K, n_x, m)
    Y : ndarray of shape (n_y, m) or (K, n_y, m)
    hidden : {"relu", "tanh", "sigmoid", "linear"}
    output : {"sigmoid", "softmax"}
    lr : float > 0
    steps : int >= 0
        Number of parameter updates.
    batch_size : int, optional
        Mini-batch size; ``None`` = full batch. Batches follow a fresh permutation (from
        ``rng``) every epoch and are shared by all stacked networks.
    keep_prob : float in (0, 1], default 1
        Inverted dropout on the hidden layers during training (1 = off).
    rng : numpy.random.Generator, optional
        Needed for mini-batches and dropout.
    record_every : int, default 1
        Record loss and accuracy every this many steps (and always after the last one).
    stats_every : int, optional
        Also record per-layer statistics every this many steps.
    on_nonfinite : {"raise", "record"}
        ``"raise"``: stop with :class:`NonFiniteLossError` naming the step, the layer and a fix.
        ``"record"``: freeze the diverged network(s), note the step in
        ``history.nonfinite_step`` and keep training the others.
    progress : bool
        Show a ``tqdm`` progress bar (works in notebooks and terminals).

    Returns
    -------
    params : dict of ndarray
        The trained parameters.
    history : History
    """
    L, lead = check_params(params)
    act = _names(hidden, output)
    X = check_input(X, params, lead)
    Y = check_labels(Y, output, np.shape(params[f"W{L}"])[-2])
    m = X.shape[-1]
    if Y.shape[-1] != m or (Y.ndim > 2 and Y.shape[:-2] != lead):
        raise ValueError(f"Y has shape {Y.shape} but X has shape {X.shape} and the params are stacked as {lead}")
    check_positive(lr, "lr")
    check_positive(steps, "steps", allow_zero=True, integer=True)
    check_positive(record_every, "record_every", integer=True)
    if stats_every is not None:
        check_positive(stats_every, "stats_every", integer=True)
    check_keep_prob(keep_prob, rng, "train with mini-batches or dropout")
    check_name(on_nonfinite, dict.fromkeys(("raise", "record")), "on_nonfinite")
    if batch_size is not None:
        check_positive(batch_size, "batch_size", integer=True)
        if batch_size > m:
            raise ValueError(f"batch_size={batch_size} is larger than the number of examples m={m}")
        check_rng(rng, "train with mini-batches or dropout")

    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    alive = np.ones(lead, dtype=bool)
    all_alive = True  # = alive.all(), kept as a Python bool: it is read at every step
    dead_at = np.full(lead, -1)
    records, stats_records = [], []
    full_batch = batch_size is None
    order, pos = np.arange(m), m  # pos = m forces a fresh permutation at the first step

    def evaluate(step, cache=None):
        if cache is None or not full_batch or keep_prob < 1:
            _, cache = _forward(params, X, L, act, output)
        ZL = cache[f"Z{L}"]
        loss, acc = cross_entropy(ZL, Y, output), accuracy_from_logits(ZL, Y, output)
        records.append((step, np.where(alive, loss, np.nan), np.where(alive, acc, np.nan)))

    bar = _progress_bar(steps, progress)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for step in range(steps):
            if full_batch:
                Xb, Yb = X, Y
            else:
                if pos + batch_size > m:  # new epoch; an incomplete last batch is dropped
                    order, pos = rng.permutation(m), 0
                idx = order[pos:pos + batch_size]
                pos += batch_size
                Xb, Yb = X[..., idx], Y[..., idx]
            _, cache = _forward(params, Xb, L, act, output, keep_prob, rng)
            # One reduction per step in the usual all-finite case; per network only when needed.
            if not np.isfinite(cache[f"Z{L}"]).all():
                finite = np.isfinite(cache[f"Z{L}"]).all(axis=(-2, -1))
                newly = alive & ~finite
                if on_nonfinite == "raise":
                    raise NonFiniteLossError(_nonfinite_message(step, cache, L, newly, lr))
                dead_at[newly] = step
                alive &= finite
                all_alive = bool(alive.all())
            if step % record_every == 0:
                evaluate(step, cache)
            grads = _backward(params, cache, Yb)
            if stats_every is not None and step % stats_every == 0:
                stats_records.append((step, layer_stats(cache, grads)))
            if all_alive:
                for key in params:
                    # In place (same values as params[key] - lr * grad): the arrays are train's
                    # own copies, and skipping a fresh allocation per parameter per step matters
                    # for large layers.
                    params[key] -= lr * grads["d" + key]
            else:
                for key in params:
                    # a diverged network keeps its last finite parameters (its grads are nan)
                    update = params[key] - lr * grads["d" + key]
                    params[key] = np.where(alive[..., None, None], update, params[key])
            if bar is not None and (step % 50 == 0 or step == steps - 1):
                bar.update(step + 1 - bar.n)
                bar.set_postfix(loss=f"{np.nanmean(records[-1][1]):.4f}", refresh=False)
        evaluate(steps)
    if bar is not None:
        bar.close()

    history = History(
        step=np.array([r[0] for r in records]),
        loss=np.array([r[1] for r in records]),
        accuracy=np.array([r[2] for r in records]),
        nonfinite_step=dead_at,
    )
    if stats_records:
        history.stats_step = np.array([s for s, _ in stats_records])
        history.stats = {k: np.array([st[k] for _, st in stats_records]) for k in stats_records[0][1]}
    return params, history


def _nonfinite_message(step, cache, L, newly, lr):
    """Name the first layer whose pre-activation left the floats, and say what usually helps."""
    layer = next(l for l in range(1, L + 1) if not np.isfinite(cache[f"Z{l}"]).all())
    which = "" if np.ndim(newly) == 0 else f" for stacked network(s) {np.flatnonzero(newly).tolist()}"
    return (
        f"the loss became non-finite at step {step}{which}: Z{layer} (layer {layer}) holds nan/inf. "
        f"The learning rate lr={lr} (or the initial weight scale) is probably too large — try lr={lr / 10:g}. "
        "Pass on_nonfinite='record' to record the divergence and continue."
    )


def _progress_bar(total, enabled):
    if not enabled:
        return None
    from tqdm.auto import tqdm  # imported lazily: only progress bars need it

    return tqdm(total=total, desc="training", unit="step")
