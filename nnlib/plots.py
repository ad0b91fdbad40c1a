"""Figures the lessons share: decision boundaries, loss curves and per-layer statistics.

Every function takes plain arrays (column-major, like the rest of nnlib), draws on the ``ax`` it is
given or on a new figure, and returns what it drew on. Nothing here changes matplotlib's global style
or calls ``plt.show()``: notebooks display the figure themselves, and tests run on the Agg backend.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

__all__ = ["decision_boundary", "loss_curves", "layer_histograms", "layer_profile"]

# Above this many curves, individual lines become noise: draw them faint and summarise with the median.
MANY = 10


def _new_ax(ax):
    return plt.subplots(figsize=(5, 4))[1] if ax is None else ax


def _lines(ax, x, values, labels, name):
    """Draw the columns of ``values`` (n, K) against ``x``; K > MANY gives faint lines + the median."""
    K = values.shape[-1]
    labels = [labels] if isinstance(labels, str) else labels
    if labels is not None and len(labels) != K:
        raise ValueError(f"labels must be a list of {K} strings (one per curve), got {labels!r}")
    if K > MANY:
        if labels is not None:
            raise ValueError(f"labels can name at most {MANY} curves; {name} has {K}, drawn as a median")
        ax.plot(x, values, color="tab:blue", lw=0.7, alpha=0.25)
        ax.plot(x, np.nanmedian(values, axis=-1), color="tab:blue", lw=2.5, label=f"median of {K}")
        ax.legend()
        return
    for k in range(K):
        ax.plot(x, values[:, k], lw=1.5, marker="o" if len(x) <= 20 else None, ms=4,
                label=None if labels is None else labels[k])
    if labels is not None:
        ax.legend()  # even for one curve: several calls often share one ax


def decision_boundary(predict, X, Y, ax=None, resolution=200, margin=0.5, title=None):
    """Shade what a classifier predicts over the plane and overlay the data, coloured by class.

    Parameters
    ----------
    predict : callable
        Maps an ndarray of shape (2, n) to scores of shape (1, n) (a probability in [0, 1], or a
        logit when outside [0, 1]) or of shape (C, n) (the class is the argmax).
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m) or (C, m)
        Binary labels in {0, 1} or one-hot labels.
    ax : matplotlib Axes, optional
    resolution : int
        Grid points per axis.
    margin : float
        Space added around the data on each side.
    title : str, optional

    Returns
    -------
    ax : matplotlib Axes
    """
    if not callable(predict):
        raise TypeError(f"predict must be a callable mapping (2, n) to (1, n) or (C, n), got {type(predict)}")
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y)
    if X.ndim != 2 or X.shape[0] != 2 or Y.ndim != 2 or Y.shape[-1] != X.shape[-1]:
        raise ValueError(f"X must have shape (2, m) and Y (1, m) or (C, m), got X {X.shape} and Y {Y.shape}")
    ax = _new_ax(ax)
    lo, hi = X.min(axis=-1) - margin, X.max(axis=-1) + margin
    g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.stack([g1.ravel(), g2.ravel()])
    scores = np.asarray(predict(grid), dtype=np.float64)
    if scores.ndim != 2 or scores.shape[-1] != grid.shape[-1]:
        raise ValueError(f"predict must return shape (1, n) or (C, n) for input of shape {grid.shape}, "
                         f"got {scores.shape}")
    if scores.shape[0] == 1:
        # A probability is split at 0.5, a logit at 0: the same boundary in two units.
        s = scores[0].reshape(g1.shape)
        prob = np.nanmin(s) >= 0 and np.nanmax(s) <= 1
        cut, width = (0.5, 0.5) if prob else (0.0, max(np.nanmax(np.abs(s)), 1e-12))
        levels = np.linspace(cut - width, cut + width, 11)
        ax.contourf(g1, g2, s, levels=levels, cmap="RdBu_r", alpha=0.5, extend="both")
        if np.nanmin(s) < cut < np.nanmax(s):  # a symmetric (e.g. zero-init) net has no boundary
            ax.contour(g1, g2, s, levels=[cut], colors="k", linewidths=1)
        labels = (Y[0] > 0.5).astype(int)
        colors = ["tab:blue", "tab:red"]
    else:
        C = scores.shape[0]
        ax.contourf(g1, g2, scores.argmax(axis=0).reshape(g1.shape), levels=np.arange(C + 1) - 0.5,
                    cmap="tab10", vmin=-0.5, vmax=9.5, alpha=0.35)
        labels = Y.argmax(axis=0) if Y.shape[0] > 1 else Y[0].astype(int)
        colors = [plt.get_cmap("tab10")(c % 10) for c in range(max(C, labels.max() + 1))]
    for c in np.unique(labels):
        keep = labels == c
        ax.scatter(X[0, keep], X[1, keep], s=12, color=colors[c], edgecolors="k", linewidths=0.3,
                   label=f"class {c}")
    ax.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]), xlabel="$x_1$", ylabel="$x_2$", title=title)
    ax.legend(loc="upper right", fontsize="small")
    return ax


def loss_curves(steps, losses, ax=None, labels=None, logy=False, title=None):
    """Plot one or several loss curves against the training step.

    Parameters
    ----------
    steps : ndarray of shape (n_records,)
    losses : ndarray of shape (n_records,) or (n_records, K)
        K curves (e.g. K seeds or K initialisations); more than 10 are drawn faint with their median.
    ax : matplotlib Axes, optional
    labels : str or list of K str, optional
        Legend entries (only for K <= 10).
    logy : bool
        Logarithmic loss axis.
    title : str, optional

    Returns
    -------
    ax : matplotlib Axes
    """
    steps, losses = np.asarray(steps, dtype=np.float64), np.asarray(losses, dtype=np.float64)
    if steps.ndim != 1 or losses.ndim not in (1, 2) or losses.shape[0] != steps.shape[0]:
        raise ValueError(f"steps must have shape (n_records,) and losses (n_records,) or (n_records, K), "
                         f"got steps {steps.shape} and losses {losses.shape}")
    ax = _new_ax(ax)
    _lines(ax, steps, losses.reshape(len(steps), -1), labels, "losses")
    ax.set(xlabel="step", ylabel="loss", title=title, yscale="log" if logy else "linear")
    return ax


def layer_histograms(activations, axes=None, bins=50, range=None, titles=None):
    """One histogram per layer, side by side (e.g. the activations of every hidden layer).

    Parameters
    ----------
    activations : list of L ndarrays, any shape
        Each is flattened; non-finite values are left out and counted in the title.
    axes : sequence of L matplotlib Axes, optional
        Default: a new figure with one row of L subplots.
    bins : int
    range : (float, float), optional
        Common histogram range, so that layers can be compared by eye.
    titles : list of L str, optional
        Default ``"layer 1" .. "layer L"``.

    Returns
    -------
    axes : ndarray of shape (L,) of matplotlib Axes
    """
    L = len(activations)
    if L == 0:
        raise ValueError("activations must be a non-empty list of arrays, one per layer")
    if titles is not None and len(titles) != L:
        raise ValueError(f"titles must have one entry per layer ({L}), got {len(titles)}")
    if axes is None:
        axes = plt.subplots(1, L, figsize=(2.4 * L, 2.4), squeeze=False, layout="constrained")[1][0]
    axes = np.asarray(axes, dtype=object).ravel()
    if axes.size != L:
        raise ValueError(f"axes must hold one Axes per layer ({L}), got {axes.size}")
    for i, (ax, A) in enumerate(zip(axes, activations, strict=True)):
        values = np.asarray(A, dtype=np.float64).ravel()
        finite = values[np.isfinite(values)]
        title = f"layer {i + 1}" if titles is None else titles[i]
        if finite.size < values.size:
            title += f"\n({values.size - finite.size} non-finite)"
        ax.hist(finite, bins=bins, range=range, color="tab:blue")
        ax.set(title=title, xlabel="value", ylabel="count" if i == 0 else None)
    return axes


def layer_profile(values, ax=None, label=None, logy=False, ylabel=None):
    """Plot a per-layer quantity (std, saturated fraction, gradient norm, ...) against layer 1..L.

    Parameters
    ----------
    values : ndarray of shape (L,) or (K, L)
        K profiles (e.g. K networks); more than 10 are drawn faint with their median.
    ax : matplotlib Axes, optional
    label : str or list of K str, optional
        Legend entry for one profile, or one per profile.
    logy : bool
        Logarithmic value axis (gradient norms span decades).
    ylabel : str, optional

    Returns
    -------
    ax : matplotlib Axes
    """
    values = np.asarray(values, dtype=np.float64)
    if values.ndim not in (1, 2) or values.shape[-1] == 0:
        raise ValueError(f"values must have shape (L,) or (K, L), got {values.shape}")
    ax = _new_ax(ax)
    layers = np.arange(1, values.shape[-1] + 1)
    _lines(ax, layers, np.atleast_2d(values).swapaxes(-1, -2), label, "values")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set(xlabel="layer", ylabel=ylabel or "value", yscale="log" if logy else "linear")
    return ax
