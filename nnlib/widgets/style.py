"""Sizes, fonts and colours shared by the widgets' figures, and the helpers that build a widget's parts.

Sizes: figures are about :data:`FIG_WIDTH` inches wide and meant to be shown at :data:`DPI` dots per
inch, i.e. at their natural pixel size in a notebook's output area (~850 px); the font sizes
(:data:`FONT`, in points) then give text of 14.6-16 px — readable without zooming. Colours are from
the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies), and the lines
also differ by marker.
"""

import ipywidgets as widgets
from matplotlib.transforms import ScaledTranslation

from ._blit import agg_figure

__all__ = ["DPI", "FIG_WIDTH", "FONT", "OKABE_ITO", "style_axes", "css", "figure_and_image"]

#: Resolution (pixels per inch) the widgets render at: a figure FIG_WIDTH inches wide is 850 px.
DPI = 100
#: Width (inches) of the widgets' figures and of :func:`nnlib.widgets.saturation_panels`.
FIG_WIDTH = 8.5
#: Font sizes in points (at DPI = 100: 10.5 pt = 14.6 px).
FONT = {"tick": 10.5, "label": 11, "title": 11.5, "legend": 10.5}
#: Okabe-Ito colours.
OKABE_ITO = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "blue": "#0072B2",
             "vermilion": "#D55E00", "purple": "#CC79A7"}


def style_axes(ax, xlabel=None, ylabel=None, title=None, ylabel_at=None):
    """Set the labels and title of ``ax`` with the :data:`FONT` sizes.

    ``ylabel_at``: the y label this many points left of the axes, wherever the ticks reach — so the
    widget's layout, computed once, fits every later state (the widest tick labels).
    """
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


def css(widget, name):
    """Add the CSS class ``name`` to ``widget`` (browser tests find the parts by it); return the widget."""
    widget.add_class(name)
    return widget


def figure_and_image(height, css_class):
    """A figure ``FIG_WIDTH`` x ``height`` inches at ``DPI``, and the Image widget that shows it.

    The image gets its natural width in pixels (and at most the output area's width): a flex box
    would otherwise stretch it to the page (blurry, oversized text in Voila); the
    :data:`FONT` sizes are chosen for this natural size.
    """
    fig = agg_figure((FIG_WIDTH, height), dpi=DPI, layout="constrained")
    width = round(FIG_WIDTH * DPI)
    image = widgets.Image(format="jpeg", layout=widgets.Layout(width=f"{width}px", max_width="100%",
                                                               height="auto"))
    return fig, css(image, css_class)
