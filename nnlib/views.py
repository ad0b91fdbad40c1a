"""The figures the lesson-04 widgets draw, as classes that update their artists in place.

:class:`SaturationView` draws a :class:`nnlib.saturation.SaturationStats` (per-layer activation
histograms, saturated fraction and mean ``|g'|``, activation std and gradient RMS);
:func:`saturation_panels` stacks several of them into a static figure for notebooks viewed without
widgets. :class:`PlaygroundView` draws a :class:`nnlib.playground.Session` (decision boundary and
loss curve). Each view lists in ``artists`` what changes from one update to the next.

Sizes: figures are about :data:`FIG_WIDTH` inches wide and meant to be shown at :data:`DPI` dots per
inch, i.e. at their natural pixel size in a notebook's output area (~850 px); the font sizes
(:data:`FONT`, in points) then give text of 14.6-16 px — readable without zooming. Colours are from
the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies), and the lines
also differ by marker.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PolyCollection
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter, NullLocator
from matplotlib.transforms import ScaledTranslation

from .blit import decade_limits
from .saturation import histograms, saturation_stats

__all__ = ["SaturationView", "saturation_panels", "PlaygroundView", "ridge_polygons", "DPI", "FIG_WIDTH", "FONT"]

#: Resolution (pixels per inch) the widgets render at: a figure FIG_WIDTH inches wide is 850 px.
DPI = 100
#: Width (inches) of the widgets' figures and of :func:`saturation_panels`.
FIG_WIDTH = 8.5
#: Font sizes in points (at DPI = 100: 10.5 pt = 14.6 px).
FONT = {"tick": 10.5, "label": 11, "title": 11.5, "legend": 10.5}
#: Okabe-Ito colours.
OKABE_ITO = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "blue": "#0072B2",
             "vermilion": "#D55E00", "purple": "#CC79A7"}

XLABEL = {"sigmoid": "activation a", "tanh": "activation a", "relu": "a / RMS(a), active units",
          "linear": "a / RMS(a)"}
#: Ridges are drawn up to this fraction of the distance between layers.
RIDGE_HEIGHT = 0.85
#: Bins drawn lower than this (pixels) are left out, empty ones included: anti-aliased, such a
#: sliver comes out as a faint line across the panel that reads as a gridline, not as data. (The
#: saturated-fraction panel gives the numbers the ridges cannot show.)
MIN_PIXELS = 1.0


def _style(ax, xlabel=None, ylabel=None, title=None, ylabel_at=None):
    """Font sizes; ``ylabel_at``: the y label this many points left of the axes, wherever the ticks
    reach — so the widget's layout, computed once, fits every later state (the widest tick labels)."""
    ax.tick_params(labelsize=FONT["tick"])
    if xlabel is not None:
        ax.set_xlabel(xlabel, fontsize=FONT["label"])
    if ylabel is not None:
        ax.set_ylabel(ylabel, fontsize=FONT["label"])
    if ylabel_at is not None:
        left = ax.transAxes + ScaledTranslation(-ylabel_at / 72, 0, ax.figure.dpi_scale_trans)
        ax.yaxis.set_label_coords(0.0, 0.5, transform=left)
    if title is not None:
        ax.set_title(title, fontsize=FONT["title"])


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
        _style(self.ax_hist, ylabel="layer", title="histogram of a, per layer", ylabel_at=27)
        line = dict(ms=4.5, lw=1.6)
        self.sat, = self.ax_sat.plot([], [], color=OKABE_ITO["vermilion"], marker="o", label="saturated fraction",
                                     **line)
        self.gprime, = self.ax_sat.plot([], [], color=OKABE_ITO["green"], marker="s", label="mean |g′(z)|", **line)
        self.ax_sat.set(ylim=(-0.03, 1.03))
        _style(self.ax_sat, xlabel="layer", ylabel="fraction of units / mean |g′|", ylabel_at=30)
        top = dict(loc="lower left", bbox_to_anchor=(-0.02, 1.0), ncol=1, fontsize=FONT["legend"], frameon=False,
                   borderaxespad=0.2, handlelength=1.8, labelspacing=0.25)
        self.ax_sat.legend(**top)
        self.std, = self.ax_size.plot([], [], color=OKABE_ITO["blue"], marker="o", label="activation std", **line)
        self.grad, = self.ax_size.plot([], [], color=OKABE_ITO["orange"], marker="^", label="gradient RMS |dZ|",
                                       **line)
        self.ax_size.set(yscale="log")
        self.ax_size.yaxis.set_major_locator(LogLocator(numticks=6))  # few labels: cheap to redraw
        self.ax_size.yaxis.set_minor_locator(NullLocator())
        _style(self.ax_size, xlabel="layer", ylabel="std of a, RMS of dZ (log)", ylabel_at=42)
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


#: Class colours of the playground's points (class 0, class 1): blue and vermilion.
CLASS_COLORS = (OKABE_ITO["blue"], OKABE_ITO["vermilion"])
#: The background, P(class 1) from 0 to 1: light tints of the class colours through white (light,
#: so that the points, with white edges, stand out on either side).
PROBABILITY_CMAP = LinearSegmentedColormap.from_list("bs_probability", ["#9DC9E8", "#FFFFFF", "#F4B98F"])


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
        self.resolution = resolution
        self.image = self.ax_db.imshow(np.zeros((resolution, resolution)), origin="lower", cmap=PROBABILITY_CMAP,
                                       vmin=0, vmax=1, aspect="auto", interpolation="bilinear")
        self.points = self.ax_db.scatter([], [], c=np.zeros(0), s=22, cmap=ListedColormap(CLASS_COLORS), vmin=0,
                                         vmax=1, edgecolors="white", linewidths=0.7)
        _style(self.ax_db, xlabel="$x_1$", ylabel="$x_2$")
        self.title = self.ax_db.text(0.0, 1.03, "", transform=self.ax_db.transAxes, ha="left", va="bottom",
                                     fontsize=FONT["title"])
        classes = [Line2D([], [], ls="none", marker="o", ms=6, mfc=color, mec="white", label=f"class {k}")
                   for k, color in enumerate(CLASS_COLORS)]
        self.ax_db.legend(handles=classes, loc="lower right", bbox_to_anchor=(1.02, 0.99), ncol=2, frameon=False,
                          fontsize=FONT["legend"], handletextpad=0.1, columnspacing=0.8, borderaxespad=0.1)
        self.curve, = self.ax_loss.plot([], [], color=OKABE_ITO["blue"], lw=1.8)
        # the latest loss as a marker: one point (step 0, after Reset) shows too
        self.current, = self.ax_loss.plot([], [], color=OKABE_ITO["blue"], marker="o", ms=6, ls="none")
        self.ax_loss.set(yscale="log")
        self.ax_loss.yaxis.set_minor_formatter(NullFormatter())  # labels on decades only
        _style(self.ax_loss, xlabel="step", ylabel="training loss (log scale)")
        self.artists = [self.image, self.points, self.title, self.curve, self.current]
        self.session = None

    def update(self, session):
        """Redraw for the session's current state (new data points if the session changed).

        The background shades P(class 1) from the class-0 colour (0) through white (0.5) to the
        class-1 colour (1).
        """
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
            self.ax_loss.set_title(f"{session.dataset}: {session.init} × {session.scale:.3g}, "
                                   f"{session.activation}, lr {session.lr:.3g}", fontsize=FONT["title"])
        self.image.set_data(session.predict(self.grid)[0].reshape(self.resolution, self.resolution))
        self.title.set_text(f"accuracy {session.accuracies[-1]:.3f}")
        self.curve.set_data(session.steps, session.losses)
        self.current.set_data(session.steps[-1:], session.losses[-1:])
        # limits move in coarse steps, so the static background is redrawn only now and then;
        # a little room left of step 0, so the first point is not cut by the frame
        right = next(n for n in _NICE if n >= session.step) if session.step <= _NICE[-1] else session.step
        self.ax_loss.set_xlim(-0.03 * right, right)
        self.ax_loss.set_ylim(*decade_limits(session.losses, pad=1.0))


#: Right ends of the loss curve's step axis: it grows in coarse steps, so its background is reused.
_NICE = tuple(int(b * 10**e) for e in range(2, 7) for b in (1, 2, 5))
