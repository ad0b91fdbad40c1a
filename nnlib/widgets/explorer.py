"""The saturation explorer of lesson 04: init scale × activation × depth × width → a deep network's signal.

The widget recomputes :func:`nnlib.saturation.saturation_stats` when a control is released, draws it
with a :class:`nnlib.widgets.saturation_view.SaturationView` and shows its
:func:`nnlib.widgets.readout.readout` (see :mod:`nnlib.widgets` for how it draws and its CSS classes).
"""

import contextlib
import html
import time

import ipywidgets as widgets

from ..saturation import ACTIVATION_NAMES, saturation_stats
from ._blit import BlitRenderer
from .readout import readout
from .saturation_view import SaturationView
from .style import css, figure_and_image

__all__ = ["saturation_explorer", "SaturationExplorer", "WIDTHS"]

#: Widths offered by the explorer's width slider.
WIDTHS = (16, 32, 64, 128, 256, 512)


def _one_blas_thread():
    """A context in which BLAS uses one thread (a no-op without ``threadpoolctl``).

    The explorer's matrices are small (256 x 512): a second BLAS thread saves little on an idle
    machine, but when another process keeps a core busy, a multi-threaded BLAS waits for it — on the
    course's 2-core machine an update then took 10x longer. One thread keeps the widget responsive.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # threadpoolctl comes with scikit-learn; without it, change nothing
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


class SaturationExplorer(widgets.VBox):
    """The saturation explorer: a VBox whose controls, readout and image are attributes.

    Attributes
    ----------
    scale_slider, activation_menu, depth_slider, width_slider : ipywidgets controls
    readout_html : ipywidgets.HTML
        :func:`nnlib.widgets.readout.readout` of the current stats.
    image : ipywidgets.Image
    stats : SaturationStats
        What is displayed now.
    timings : list of float
        Seconds each :meth:`update` took (compute + redraw + PNG).
    """

    def __init__(self, scale=0.01, activation="tanh", depth=10, width=256, m=512, seed=0):
        self.m, self.seed, self.timings = m, seed, []
        slider = dict(continuous_update=False, style={"description_width": "initial"})
        self.scale_slider = css(widgets.FloatLogSlider(
            value=scale, base=10, min=-3, max=1, step=0.05, readout_format=".3g", description="init scale",
            **slider), "bs-scale")
        self.activation_menu = css(widgets.Dropdown(
            options=ACTIVATION_NAMES, value=activation, description="activation"), "bs-activation")
        self.depth_slider = css(widgets.IntSlider(value=depth, min=1, max=20, description="depth",
                                                       **slider), "bs-depth")
        self.width_slider = css(widgets.SelectionSlider(options=WIDTHS, value=width, description="width",
                                                             **slider), "bs-width")
        self.readout_html = css(widgets.HTML(), "bs-saturation-readout")
        self.fig, self.image = figure_and_image(3.3, "bs-saturation-figure")
        self.view = SaturationView(self.fig.subplots(1, 3, width_ratios=[1.2, 1, 1]))
        self.renderer = None  # made at the first update: the layout is computed for real labels
        controls = (self.scale_slider, self.activation_menu, self.depth_slider, self.width_slider)
        for control in controls:
            control.observe(self.update, names="value")
        super().__init__([widgets.HBox(controls[:2]), widgets.HBox(controls[2:]), self.readout_html, self.image])
        self.add_class("bs-saturation-explorer")
        self.update()

    def update(self, change=None):
        """Recompute for the current control values and redraw (the observers call this)."""
        start = time.perf_counter()
        with _one_blas_thread():
            self.stats = saturation_stats(self.scale_slider.value, self.activation_menu.value,
                                          self.depth_slider.value, self.width_slider.value, self.m, self.seed)
        self.view.update(self.stats)
        if self.renderer is None:
            self.renderer = BlitRenderer(self.fig, self.view.artists)
        self.image.value = self.renderer.render()
        self.readout_html.value = f"<code>{html.escape(readout(self.stats), quote=False)}</code>"
        self.timings.append(time.perf_counter() - start)


def saturation_explorer(scale=0.01, activation="tanh", depth=10, width=256, m=512, seed=0):
    """Widget: init scale (log slider 1e-3 … 10) × activation × depth × width → a deep network's signal.

    Parameters are the starting values; ``m`` and ``seed`` are fixed for the widget's lifetime (see
    :func:`nnlib.saturation.saturation_stats`).

    Returns
    -------
    SaturationExplorer
        Display it (last expression of a cell).
    """
    return SaturationExplorer(scale, activation, depth, width, m, seed)
