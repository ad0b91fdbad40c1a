"""The saturation explorer's figure: a view that updates its artists in place, and the histograms it draws.

:class:`SaturationView` draws a :class:`nnlib.saturation.SaturationStats` (per-layer activation
histograms, saturated fraction and mean ``|g'|``, activation std and gradient RMS);
:func:`saturation_panels` stacks several of them into a static figure for notebooks viewed without
widgets. The view lists in ``artists`` what changes from one update to the next. Sizes, fonts and
colours: :mod:`nnlib.widgets.style`.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from ..saturation import saturation_stats
from ._blit import decade_limits
from .style import DPI, FIG_WIDTH, FONT, OKABE_ITO, style_axes

__all__ = ["HIST_RANGE", "histograms", "SaturationView", "saturation_panels", "ridge_polygons"]

#: Histogram range per activation. ReLU and linear layers are shown as ``A / RMS(A)`` (ReLU: of its
#: *active* units): such networks without biases are positively homogeneous — the scale changes the
#: size of the signal, never its shape.
HIST_RANGE = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0.0, 4.0), "linear": (-4.0, 4.0)}

XLABEL = {"sigmoid": "activation a", "tanh": "activation a", "relu": "a / RMS(a), active units",
          "linear": "a / RMS(a)"}
#: Ridges are drawn up to this fraction of the distance between layers.
RIDGE_HEIGHT = 0.85
#: Bins drawn lower than this (pixels) are left out, empty ones included: anti-aliased, such a
#: sliver comes out as a faint line across the panel that reads as a gridline, not as data. (The
#: saturated-fraction panel gives the numbers the ridges cannot show.)
MIN_PIXELS = 1.0


def histograms(stats, bins=40, max_values=2**15):
    """Histogram of every hidden layer's activations on a common range, as fractions.

    Values outside :data:`HIST_RANGE` are counted in the end bins. For ReLU the values are
    ``A / RMS(A)`` of the active units (``A > 0``) of each layer — the off units are the
    ``saturated`` fraction — and for linear layers ``A / RMS(A)``.

    Parameters
    ----------
    stats : SaturationStats
    bins : int
    max_values : int
        Use every k-th value of a layer so that at most this many are counted (a histogram for
        the eye needs no more, and the widget stays fast).

    Returns
    -------
    edges : ndarray of shape (bins + 1,)
    fractions : ndarray of shape (depth, bins)
        Each row sums to 1 (or is all 0 when a ReLU layer has no active unit).
    """
    lo, hi = HIST_RANGE[stats.activation]
    edges = np.linspace(lo, hi, bins + 1)
    rows = []
    for A in stats.activations:
        v = A.ravel()[::-(-A.size // max_values)]
        if stats.activation in ("relu", "linear"):
            v = v[v > 0] if stats.activation == "relu" else v
            v = v / np.sqrt(np.mean(v * v)) if v.size else v
        idx = np.clip(((v - lo) * (bins / (hi - lo))).astype(np.intp), 0, bins - 1)
        counts = np.bincount(idx, minlength=bins).astype(np.float64)
        rows.append(counts / max(v.size, 1))
    return edges, np.array(rows)


def _one_decimal(x, _pos):
    return f"{x:.1f}".replace("-", "\u2212")  # -1.0 ... 4.0: the same width at the right end for every activation


def ridge_polygons(edges, heights, base):
    """Outlines of one histogram row drawn downwards from ``base``: one polygon per run of drawn bins.

    Adjacent bins share one polygon (no anti-aliasing seams between them); bins of height 0 are left
    out, so an empty stretch draws nothing at all.

    Parameters
    ----------
    edges : ndarray of shape (bins + 1,)
    heights : ndarray of shape (bins,)
        Heights in data units (0 = not drawn).
    base : float
        y of the row's baseline; the bars go to ``base - height`` (the layer axis is inverted).

    Returns
    -------
    list of ndarray of shape (n_vertices, 2)
    """
    step = np.diff(np.concatenate([[0], (heights > 0).astype(np.int8), [0]]))
    polygons = []
    for start, stop in zip(np.flatnonzero(step == 1), np.flatnonzero(step == -1), strict=True):
        x = np.repeat(edges[start:stop + 1], 2)
        y = np.full_like(x, base)
        y[1:-1] = np.repeat(base - heights[start:stop], 2)
        polygons.append(np.column_stack([x, y]))
    return polygons


class SaturationView:
    """Three panels drawing a :class:`nnlib.saturation.SaturationStats`; ``update`` only changes artists.

    Panels: a histogram of each hidden layer's activations (layer 1 at the top, each scaled to its
    highest bin); saturated fraction and mean ``|g'|`` per layer; activation std and gradient RMS
    per layer (log scale).

    Parameters
    ----------
    axes : sequence of 3 matplotlib Axes
    max_depth : int
        Deepest network this view will show.
    bins : int
    settings_title : bool
        Title the histogram with the settings (activation, scale, width) at every update — for
        static figures. The widget shows its settings in its controls and keeps a fixed title
        (a title that changes with every update would be redrawn with every frame).
    """

    def __init__(self, axes, max_depth=20, bins=40, settings_title=False):
        self.ax_hist, self.ax_sat, self.ax_size = axes
        self.bins, self.max_depth, self.settings_title = bins, max_depth, settings_title
        self.colors = plt.get_cmap("viridis")(np.linspace(0.0, 0.85, max_depth))
        self.ridges = PolyCollection([], closed=True, linewidths=0, antialiaseds=True)
        self.ax_hist.add_collection(self.ridges)
        # at most 5 ticks (-1, -0.5, 0, 0.5, 1 or 0, 0.5, 1): short labels that never touch
        self.ax_hist.xaxis.set_major_locator(MaxNLocator(nbins=4, steps=[1, 2, 5, 10]))
        self.ax_hist.xaxis.set_major_formatter(FuncFormatter(_one_decimal))
        # y labels clear of the widest tick labels: "20", "1.0", "10⁻³⁶" (14, 18, 30 pt + ticks and pads)
        style_axes(self.ax_hist, ylabel="layer", title="histogram of a, per layer", ylabel_at=27)
        line = dict(ms=4.5, lw=1.6)
        self.sat, = self.ax_sat.plot([], [], color=OKABE_ITO["vermilion"], marker="o", label="saturated fraction",
                                     **line)
        self.gprime, = self.ax_sat.plot([], [], color=OKABE_ITO["green"], marker="s", label="mean |g′(z)|", **line)
        self.ax_sat.set(ylim=(-0.03, 1.03))
        style_axes(self.ax_sat, xlabel="layer", ylabel="fraction of units / mean |g′|", ylabel_at=30)
        top = dict(loc="lower left", bbox_to_anchor=(-0.02, 1.0), ncol=1, fontsize=FONT["legend"], frameon=False,
                   borderaxespad=0.2, handlelength=1.8, labelspacing=0.25)
        self.ax_sat.legend(**top)
        self.std, = self.ax_size.plot([], [], color=OKABE_ITO["blue"], marker="o", label="activation std", **line)
        self.grad, = self.ax_size.plot([], [], color=OKABE_ITO["orange"], marker="^", label="gradient RMS |dZ|",
                                       **line)
        self.ax_size.set(yscale="log")
        self.ax_size.yaxis.set_major_locator(LogLocator(numticks=6))  # few labels: cheap to redraw
        self.ax_size.yaxis.set_minor_locator(NullLocator())
        style_axes(self.ax_size, xlabel="layer", ylabel="std of a, RMS of dZ (log)", ylabel_at=42)
        self.ax_size.legend(**top)
        for ax in (self.ax_sat, self.ax_size):
            ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        #: the artists that change with the stats (the widget redraws only these)
        self.artists = [self.ridges, self.sat, self.gprime, self.std, self.grad]

    def update(self, stats):
        """Redraw for new stats (a :class:`~nnlib.saturation.SaturationStats`)."""
        depth = stats.depth
        if depth > self.max_depth:
            raise ValueError(f"this view shows at most {self.max_depth} layers, got depth={depth}")
        edges, fractions = histograms(stats, self.bins)
        peak = fractions.max(axis=1, keepdims=True)
        heights = np.divide(fractions, peak, out=np.zeros_like(fractions), where=peak > 0)
        heights *= RIDGE_HEIGHT
        heights[heights < MIN_PIXELS * (depth + 0.3) / max(self.ax_hist.bbox.height, 1.0)] = 0.0
        polygons, colors = [], []
        for l in range(depth):
            row = ridge_polygons(edges, heights[l], base=l + 1.0)
            polygons += row
            colors += [self.colors[l]] * len(row)
        self.ridges.set_verts(polygons)
        self.ridges.set_facecolor(colors)
        self.ax_hist.set(xlim=(edges[0], edges[-1]), ylim=(depth + 0.3, 0.0),
                         yticks=range(1, depth + 1) if depth <= 10 else [1, *range(5, depth + 1, 5)])
        self.ax_hist.set_xlabel(XLABEL[stats.activation], fontsize=FONT["label"])
        if self.settings_title:
            self.ax_hist.set_title(f"{stats.activation} · scale {stats.scale:.3g} · width {stats.width}",
                                   fontsize=FONT["title"])
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
    fig = plt.figure(figsize=(FIG_WIDTH, 3.1 * len(settings)), dpi=DPI, layout="constrained")
    fig.get_layout_engine().set(h_pad=0.06, hspace=0.04)
    axes = fig.subplots(len(settings), 3, squeeze=False, width_ratios=[1.2, 1, 1])
    for row, kw in zip(axes, settings, strict=True):
        stats = saturation_stats(**kw)
        SaturationView(row, max_depth=stats.depth, bins=bins, settings_title=True).update(stats)
    return fig
