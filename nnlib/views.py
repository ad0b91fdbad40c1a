"""The figures the lesson-04 widgets draw, as classes that update their artists in place.

:class:`SaturationView` draws a :class:`nnlib.saturation.SaturationStats` (per-layer activation
histograms, saturated fraction and mean ``|g'|``, activation std and gradient RMS);
:func:`saturation_panels` stacks several of them into a static figure for notebooks viewed without
widgets. :class:`PlaygroundView` draws a :class:`nnlib.playground.Session` (decision boundary and
loss curve). Each view lists in ``artists`` what changes from one update to the next.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

from .blit import decade_limits
from .saturation import histograms, saturation_stats

__all__ = ["SaturationView", "saturation_panels", "PlaygroundView"]

XLABEL = {"sigmoid": "activation a", "tanh": "activation a", "relu": "a / RMS(a), active units",
          "linear": "a / RMS(a)"}


class SaturationView:
    """Three panels drawing a :class:`nnlib.saturation.SaturationStats`; ``update`` only changes artists.

    Panels: a histogram of each hidden layer's activations (layer 1 at the top); saturated fraction
    and mean ``|g'|`` per layer; activation std and gradient RMS per layer (log scale).

    Parameters
    ----------
    axes : sequence of 3 matplotlib Axes
    max_depth : int
        Deepest network this view will show.
    bins : int
    """

    def __init__(self, axes, max_depth=20, bins=40):
        self.ax_hist, self.ax_sat, self.ax_size = axes
        self.bins = bins
        colors = plt.get_cmap("viridis")(np.linspace(0.0, 0.9, max_depth))
        self.ridges = [self.ax_hist.stairs(np.zeros(bins), np.arange(bins + 1.0), baseline=0.0, fill=True,
                                           color=colors[i], alpha=0.85, lw=0) for i in range(max_depth)]
        self.ax_hist.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        self.ax_hist.set_ylabel("layer")
        line = dict(marker="o", ms=3, lw=1.5)
        self.sat, = self.ax_sat.plot([], [], color="tab:red", label="saturated fraction", **line)
        self.gprime, = self.ax_sat.plot([], [], color="tab:green", label="mean |g′(z)|", **line)
        self.ax_sat.set(ylim=(-0.03, 1.03), xlabel="layer")
        top = dict(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize="small", frameon=False)
        self.ax_sat.legend(**top)
        self.std, = self.ax_size.plot([], [], color="tab:blue", label="activation std", **line)
        self.grad, = self.ax_size.plot([], [], color="tab:orange", label="gradient RMS |dZ|", **line)
        self.ax_size.set(yscale="log", xlabel="layer")
        self.ax_size.yaxis.set_major_locator(LogLocator(numticks=7))  # few labels: cheap to redraw
        self.ax_size.yaxis.set_minor_locator(NullLocator())
        self.ax_size.legend(**top)
        for ax in (self.ax_sat, self.ax_size):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        self.title = self.ax_hist.text(0.5, 1.02, "", transform=self.ax_hist.transAxes, ha="center", va="bottom")
        #: the artists that change with the stats (the widget redraws only these)
        self.artists = [*self.ridges, self.sat, self.gprime, self.std, self.grad, self.title]

    def update(self, stats):
        """Redraw for new stats (a :class:`~nnlib.saturation.SaturationStats`)."""
        edges, fractions = histograms(stats, self.bins)
        depth = stats.depth
        if depth > len(self.ridges):
            raise ValueError(f"this view shows at most {len(self.ridges)} layers, got depth={depth}")
        for l, ridge in enumerate(self.ridges):
            ridge.set_visible(l < depth)
            if l < depth:
                peak = fractions[l].max()
                height = fractions[l] / peak if peak > 0 else fractions[l]
                ridge.set_data(l + 1 - 0.85 * height, edges, baseline=l + 1)  # y axis inverted: up is minus
        self.ax_hist.set(xlim=(edges[0], edges[-1]), ylim=(depth + 0.3, 0.0), xlabel=XLABEL[stats.activation])
        self.title.set_text(f"{stats.activation} · scale {stats.scale:.3g} · width {stats.width}")
        layers = np.arange(1, depth + 1)
        for artist, values in ((self.sat, stats.saturated), (self.gprime, stats.mean_abs_gprime),
                               (self.std, stats.std), (self.grad, stats.dZ_rms)):
            artist.set_data(layers, values)
        for ax in (self.ax_sat, self.ax_size):
            ax.set_xlim(0.5, depth + 0.5)
        self.ax_size.set_ylim(*decade_limits(np.concatenate([stats.std, stats.dZ_rms]), step=3))


def saturation_panels(settings, bins=40):
    """Static small multiples: one row of :class:`SaturationView` panels per setting.

    Parameters
    ----------
    settings : list of dict
        Keyword arguments of :func:`nnlib.saturation.saturation_stats`, e.g.
        ``[{"scale": 0.01, "activation": "tanh"}, ...]``.
    bins : int

    Returns
    -------
    fig : matplotlib Figure (a pyplot figure: the notebook shows it)
    """
    fig = plt.figure(figsize=(11, 2.7 * len(settings)), layout="constrained")
    axes = fig.subplots(len(settings), 3, squeeze=False, width_ratios=[1.25, 1, 1])
    for row, kw in zip(axes, settings, strict=True):
        stats = saturation_stats(**kw)
        SaturationView(row, max_depth=stats.depth, bins=bins).update(stats)
    return fig


class PlaygroundView:
    """Decision boundary and loss curve of a :class:`nnlib.playground.Session`, updated in place.

    Parameters
    ----------
    fig : matplotlib Figure
    resolution : int
        Grid points per axis of the decision-boundary image.
    """

    def __init__(self, fig, resolution=70):
        self.ax_db, self.ax_loss = fig.subplots(1, 2)
        fig.subplots_adjust(left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.25)
        self.resolution = resolution
        self.image = self.ax_db.imshow(np.zeros((resolution, resolution)), origin="lower", cmap="RdBu_r",
                                       vmin=0, vmax=1, alpha=0.55, aspect="auto")
        self.points = self.ax_db.scatter([], [], c=np.zeros(0), s=10, cmap="RdBu_r", vmin=0, vmax=1,
                                         edgecolors="k", linewidths=0.3)
        self.ax_db.set(xlabel="$x_1$", ylabel="$x_2$")
        self.title = self.ax_db.text(0.5, 1.02, "", transform=self.ax_db.transAxes, ha="center", va="bottom")
        self.curve, = self.ax_loss.plot([], [], color="tab:blue")
        self.ax_loss.set(xlabel="step", ylabel="training loss", yscale="log")
        self.artists = [self.image, self.points, self.title, self.curve]
        self.session = None

    def update(self, session):
        """Redraw for the session's current state (new data points if the session changed)."""
        if session is not self.session:
            self.session = session
            lo, hi = session.X.min(axis=-1) - 0.4, session.X.max(axis=-1) + 0.4
            g1, g2 = np.meshgrid(np.linspace(lo[0], hi[0], self.resolution),
                                 np.linspace(lo[1], hi[1], self.resolution))
            self.grid = np.stack([g1.ravel(), g2.ravel()])
            self.image.set_extent((lo[0], hi[0], lo[1], hi[1]))
            self.points.set_offsets(session.X.T)
            self.points.set_array(session.Y[0])
            self.ax_db.set(xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]))
            self.ax_loss.set_title(f"{session.init} × {session.scale:.3g}, {session.activation}, "
                                   f"lr {session.lr:.3g}")
        self.image.set_data(session.predict(self.grid)[0].reshape(self.resolution, self.resolution))
        self.title.set_text(f"{session.dataset}: P(class 1), accuracy {session.accuracies[-1]:.3f}")
        self.curve.set_data(session.steps, session.losses)
        # limits move in coarse steps, so the static background is redrawn only now and then
        self.ax_loss.set_xlim(0, next(n for n in _NICE if n >= session.step) if session.step <= _NICE[-1]
                              else session.step)
        self.ax_loss.set_ylim(*decade_limits(session.losses, pad=1.0))


#: Right ends of the loss curve's step axis: it grows in coarse steps, so its background is reused.
_NICE = tuple(int(b * 10**e) for e in range(2, 7) for b in (1, 2, 5))
