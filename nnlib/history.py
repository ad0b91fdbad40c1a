"""What a training run records: its :class:`History`, the :class:`TrainingLog` that builds it, divergences.

:func:`nnlib.train.train` evaluates the loss and accuracy on the whole training set every
``record_every`` steps, watches for a loss that leaves the floats (raising
:class:`NonFiniteLossError`, or freezing the diverged networks of a stack), and optionally keeps
per-layer statistics; a :class:`TrainingLog` does that bookkeeping.
"""

from dataclasses import dataclass, field

import numpy as np

from .backprop import forward_pass
from .diagnostics import layer_stats
from .losses import accuracy_from_logits, cross_entropy

__all__ = ["NonFiniteLossError", "History", "TrainingLog", "nonfinite_error"]


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

    @staticmethod
    def concatenate(histories):
        """One history from those of consecutive parts of a stack (same steps; networks side by side)."""
        if len(histories) == 1:
            return histories[0]
        first = histories[0]
        history = History(step=first.step, loss=np.concatenate([h.loss for h in histories], axis=1),
                          accuracy=np.concatenate([h.accuracy for h in histories], axis=1),
                          nonfinite_step=np.concatenate([h.nonfinite_step for h in histories]))
        if first.stats:
            history.stats_step = first.stats_step
            history.stats = {k: np.concatenate([h.stats[k] for h in histories], axis=1) for k in first.stats}
        return history


class TrainingLog:
    """What :func:`nnlib.train.train` records while it trains, turned into a :class:`History` at the end.

    Parameters
    ----------
    X : ndarray of shape ([K,] n_x, m)
    Y : ndarray of shape ([K,] n_y, m)
        The full training set (the records evaluate on it, without dropout).
    hidden, output : str
    lead : tuple
        The stacking axes, ``()`` for one network.

    Attributes
    ----------
    alive : ndarray of bool of shape lead
        The networks whose loss is still finite.
    records, stats_records : list
        ``(step, loss, accuracy)`` and ``(step, layer_stats)`` tuples.
    """

    def __init__(self, X, Y, hidden, output, lead):
        self.X, self.Y, self.hidden, self.output = X, Y, hidden, output
        self.alive = np.ones(lead, dtype=bool)
        self.all_alive = True  # = alive.all(), kept as a Python bool: it is read at every step
        self.dead_at = np.full(lead, -1)
        self.records, self.stats_records = [], []

    def check_finite(self, step, cache, on_nonfinite):
        """Mark the networks whose output left the floats; ``False`` if training must stop instead.

        One reduction when everything is finite (the usual case). With ``on_nonfinite="raise"`` nothing
        is marked: the caller raises :func:`nonfinite_error`.
        """
        L = cache["L"]
        if np.isfinite(cache[f"Z{L}"]).all():
            return True
        if on_nonfinite == "raise":
            return False
        finite = np.isfinite(cache[f"Z{L}"]).all(axis=(-2, -1))
        self.dead_at[self.alive & ~finite] = step
        self.alive &= finite
        self.all_alive = bool(self.alive.all())
        return True

    def moving(self):
        """The networks that still train: ``None`` for all of them, else a boolean mask."""
        return None if self.all_alive else self.alive

    def record(self, step, params, cache=None):
        """Loss and accuracy of ``params`` on the full set (from ``cache`` when it holds that forward pass)."""
        if cache is None:
            _, cache = forward_pass(params, self.X, self.hidden, self.output)
        ZL = cache[f"Z{cache['L']}"]
        loss, acc = cross_entropy(ZL, self.Y, self.output), accuracy_from_logits(ZL, self.Y, self.output)
        self.records.append((step, np.where(self.alive, loss, np.nan), np.where(self.alive, acc, np.nan)))

    def record_stats(self, step, cache, grads):
        """The per-layer statistics of :func:`nnlib.diagnostics.layer_stats` for this step."""
        self.stats_records.append((step, layer_stats(cache, grads)))

    def history(self):
        """The records as a :class:`History` (see :meth:`History.concatenate` for several logs)."""
        history = History(
            step=np.array([r[0] for r in self.records]),
            loss=np.array([r[1] for r in self.records]),
            accuracy=np.array([r[2] for r in self.records]),
            nonfinite_step=self.dead_at,
        )
        if self.stats_records:
            history.stats_step = np.array([s for s, _ in self.stats_records])
            history.stats = {k: np.array([st[k] for _, st in self.stats_records]) for k in self.stats_records[0][1]}
        return history


def nonfinite_error(step, cache, alive, lr):
    """The :class:`NonFiniteLossError` for a step whose forward pass (``cache``) left the floats.

    It names the networks (of those still ``alive``) whose output is non-finite, the first layer whose
    pre-activation holds nan/inf, and what usually helps.
    """
    L = cache["L"]
    newly = alive & ~np.isfinite(cache[f"Z{L}"]).all(axis=(-2, -1))
    layer = next(l for l in range(1, L + 1) if not np.isfinite(cache[f"Z{l}"]).all())
    which = "" if np.ndim(newly) == 0 else f" for stacked network(s) {np.flatnonzero(newly).tolist()}"
    return NonFiniteLossError(
        f"the loss became non-finite at step {step}{which}: Z{layer} (layer {layer}) holds nan/inf. "
        f"The learning rate lr={lr} (or the initial weight scale) is probably too large — try lr={lr / 10:g}. "
        "Pass on_nonfinite='record' to record the divergence and continue."
    )
