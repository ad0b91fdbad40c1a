"""The training playground's network view: the network itself, updated in place while it trains.

Every unit is drawn as its small activation map over the input plane (:mod:`nnlib.widgets.network`),
and every weight as an edge coloured by its sign and value (orange positive, blue negative, wider
when larger). With a zero or constant start the hidden units' maps are visibly identical; a random
start makes them differ. :class:`NetworkView` lists in ``artists`` what changes from one update to
the next (for :class:`nnlib.widgets._blit.BlitRenderer`); a new architecture needs a new view.
"""

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Rectangle

from .network import distinct_units, layout, plane_grid, unit_maps
from .playground_view import PROBABILITY_CMAP
from .style import FONT, OKABE_ITO

__all__ = ["NetworkView", "WEIGHT_CMAP", "MAX_WIDTH", "MAX_DEPTH", "RESOLUTION"]

#: Negative values blue, 0 white, positive orange (Okabe-Ito): for weights and for hidden activations.
WEIGHT_CMAP = LinearSegmentedColormap.from_list("bs_weight", [OKABE_ITO["blue"], "#FFFFFF", OKABE_ITO["orange"]])
#: The largest hidden layer and the most hidden layers the view has room for.
MAX_WIDTH, MAX_DEPTH = 16, 4
#: Grid points per axis of each unit map.
RESOLUTION = 24
#: Fraction of the figure's height the diagram takes (the rest: the caption above it).
AXES_HEIGHT = 0.88


class NetworkView:
    """Unit maps and weight-coloured edges of a :class:`nnlib.widgets.session.Session`'s network.

    Parameters
    ----------
    fig : matplotlib Figure
        Empty; the view fills it with one axes.
    layer_sizes : sequence of int
        ``[2, n_1, ..., n_{L-1}, 1]``: the architecture this view draws.
    resolution : int
        Grid points per axis of each unit map.
    """

    def __init__(self, fig, layer_sizes, resolution=RESOLUTION):
        self.layer_sizes = [int(n) for n in layer_sizes]
        hidden = self.layer_sizes[1:-1]
        if self.layer_sizes[0] != 2 or self.layer_sizes[-1] != 1:
            raise ValueError(f"the view draws 2 inputs and 1 output, got layer_sizes {self.layer_sizes}")
        if len(hidden) > MAX_DEPTH or max(hidden, default=1) > MAX_WIDTH:
            raise ValueError(f"the view has room for at most {MAX_DEPTH} hidden layers of {MAX_WIDTH} units, "
                             f"got hidden sizes {hidden}")
        self.resolution = resolution
        self.ax = ax = fig.add_axes((0.01, 0.01, 0.98, AXES_HEIGHT))
        ax.set_axis_off()
        for spine in ax.spines.values():  # the blitting renderer draws spines on top: none here
            spine.set_visible(False)
        n_layers = len(self.layer_sizes)
        self.positions, spacing = layout(self.layer_sizes, height=1.0)
        # a unit's map is a square on the page: half its height in y units, converted to x units
        ax_w, ax_h = fig.get_figwidth() * 0.98, fig.get_figheight() * AXES_HEIGHT
        y_range, x_range = 1.0 + 1.2 * spacing, n_layers - 0.4
        half_y = min(0.45 * spacing, 0.15)
        half_x = half_y * (ax_h / y_range) / (ax_w / x_range)
        ax.set(xlim=(-0.2 - half_x, n_layers - 0.8 + half_x), ylim=(-0.5 - 0.6 * spacing, 0.5 + 0.6 * spacing))
        segments = [[p, q] for l in range(1, n_layers)
                    for q in self.positions[l] for p in self.positions[l - 1]]  # the order of W[l].ravel()
        self.edges = LineCollection(np.array(segments), cmap=WEIGHT_CMAP, zorder=1)
        ax.add_collection(self.edges)
        self.images = []
        for l, units in enumerate(self.positions):
            cmap = PROBABILITY_CMAP if l == n_layers - 1 else WEIGHT_CMAP
            layer_images = []
            for x, y in units:
                image = ax.imshow(np.zeros((resolution, resolution)), origin="lower", cmap=cmap,
                                  extent=(x - half_x, x + half_x, y - half_y, y + half_y), interpolation="nearest",
                                  aspect="auto", zorder=2)
                layer_images.append(image)
            self.images.append(layer_images)
        # the frames are static (background); the maps and edges are the animated artists
        for l, units in enumerate(self.positions):
            for x, y in units:
                ax.add_patch(_frame(x, y, half_x, half_y))
            name = "input" if l == 0 else "output" if l == n_layers - 1 else f"hidden {l}"
            ax.text(l, 0.5 + 0.6 * spacing, name, ha="center", va="bottom", fontsize=FONT["label"])
        self.caption = fig.text(0.01, 0.99, "", ha="left", va="top", fontsize=FONT["title"])
        self.artists = [self.edges, *(im for layer in self.images for im in layer), self.caption]
        self.session, self.maps, self.distinct = None, None, None

    def update(self, session):
        """Recompute the unit maps for the session's current parameters and redraw them and the edges."""
        sizes = [2, *session.hidden_sizes, 1]
        if sizes != self.layer_sizes:
            raise ValueError(f"this view draws layer sizes {self.layer_sizes}, the session has {sizes}")
        if session is not self.session:
            self.session = session
            self.grid, _ = plane_grid(session.X, self.resolution)
        self.maps = unit_maps(session.params, self.grid, hidden=session.activation)
        for l, (layer_maps, layer_images) in enumerate(zip(self.maps, self.images, strict=True)):
            finite = layer_maps[np.isfinite(layer_maps)]
            if l == len(self.maps) - 1:
                limit = None  # the output: a probability, 0 to 1
            else:  # inputs and hidden units: symmetric around 0, so 0 is white and equal maps look equal
                limit = max(float(np.abs(finite).max(initial=0.0)), 1e-12)
                if session.activation in ("tanh", "sigmoid") and l > 0:
                    limit = 1.0
            for unit_map, image in zip(layer_maps, layer_images, strict=True):
                image.set_data(unit_map)
                image.set_clim((0.0, 1.0) if limit is None else (-limit, limit))
        weights = np.concatenate([np.ravel(session.params[f"W{l}"]) for l in range(1, len(self.layer_sizes))])
        largest = max(float(np.abs(weights[np.isfinite(weights)]).max(initial=0.0)), 1e-12)
        self.edges.set_array(weights)
        self.edges.set_clim(-largest, largest)
        self.edges.set_linewidths(0.3 + 2.7 * np.abs(np.nan_to_num(weights)) / largest)
        self.distinct = [distinct_units(layer) for layer in self.maps[1:-1]]
        self.caption.set_text("distinct hidden-unit maps: " + ", ".join(
            f"layer {l}: {d} of {n}" for l, (d, n) in enumerate(zip(self.distinct, session.hidden_sizes,
                                                                   strict=True), start=1)))


def _frame(x, y, half_x, half_y, pad=1.08):
    """A thin grey frame just outside a unit's map, under the edges and the map (as the blitting
    renderer draws them: static background first, then the animated edges and maps)."""
    return Rectangle((x - pad * half_x, y - pad * half_y), 2 * pad * half_x, 2 * pad * half_y, fill=False,
                     ec="#777777", lw=0.6, zorder=0.5)
