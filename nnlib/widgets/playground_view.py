"""The training playground's figure: decision boundary and loss curve, updated in place.

:class:`PlaygroundView` draws a :class:`nnlib.widgets.session.Session` and lists in ``artists`` what
changes from one update to the next. Sizes, fonts and colours: :mod:`nnlib.widgets.style`.
"""

import numpy as np
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.lines import Line2D
from matplotlib.ticker import NullFormatter

from ._blit import decade_limits
from .style import FONT, OKABE_ITO, style_axes

__all__ = ["PlaygroundView", "CLASS_COLORS", "PROBABILITY_CMAP"]


#: Class colours of the playground's points (class 0, class 1): blue and vermilion.
CLASS_COLORS = (OKABE_ITO["blue"], OKABE_ITO["vermilion"])
#: The background, P(class 1) from 0 to 1: light tints of the class colours through white (light,
#: so that the points, with white edges, stand out on either side).
PROBABILITY_CMAP = LinearSegmentedColormap.from_list("bs_probability", ["#9DC9E8", "#FFFFFF", "#F4B98F"])


class PlaygroundView:
    """Decision boundary and loss curve of a :class:`nnlib.widgets.session.Session`, updated in place.

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
        style_axes(self.ax_db, xlabel="$x_1$", ylabel="$x_2$")
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
        style_axes(self.ax_loss, xlabel="step", ylabel="training loss (log scale)")
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
