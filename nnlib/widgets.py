"""The interactive widgets of lesson 04.

Each widget only wires controls to a plain computation that works without a browser:

* :func:`saturation_explorer` shows :func:`nnlib.saturation.saturation_stats` — per-layer
  histograms of the activations, the saturated fraction, mean ``|g'|``, the activations' std and
  the back-propagated gradient's RMS of a random deep network — and its one-line
  :func:`nnlib.saturation.readout` of the last layer.
* :func:`training_playground` trains a :class:`nnlib.playground.Session` a chunk at a time and
  shows the decision boundary, the loss curve, the step counter and the current loss.

How they draw: each widget owns one matplotlib ``Figure`` (not a pyplot figure, so nothing is
displayed twice) with a view from :mod:`nnlib.views` that updates its artists in place; an
:class:`nnlib.blit.BlitRenderer` redraws only what changed and sends a JPEG to an
``ipywidgets.Image``. Sliders use ``continuous_update=False``: one update per release. The static
figures for notebooks viewed without widgets come from the same views (:func:`saturation_panels`).

How the playground runs without freezing the notebook: *Play* starts an ``asyncio`` task on the
kernel's event loop that alternates a chunk of ``steps_per_tick`` training steps and a redraw with
``await asyncio.sleep(interval)``. The kernel stays free between chunks, so *Pause*, the other
controls and new cells keep working. It stops by itself after ``max_steps`` steps or a divergence.
Without an event loop (a plain script) *Play* says so, and *Step* still works.

CSS classes (``widget.add_class``) that browser tests look for:

==========================  ===============================================================
saturation explorer         ``bs-saturation-explorer`` (the box), ``bs-scale``, ``bs-activation``,
                            ``bs-depth``, ``bs-width``, ``bs-saturation-readout`` (text in the
                            format :data:`nnlib.saturation.READOUT`), ``bs-saturation-figure``
training playground         ``bs-training-playground`` (the box), ``bs-dataset``, ``bs-init``,
                            ``bs-scale``, ``bs-activation``, ``bs-lr``, ``bs-play``, ``bs-pause``,
                            ``bs-step``, ``bs-reset``, ``bs-step-counter`` (the step, an integer),
                            ``bs-loss-readout`` (the loss, 4 decimals), ``bs-accuracy-readout``,
                            ``bs-status``, ``bs-playground-figure``
==========================  ===============================================================
"""

import asyncio
import contextlib
import html
import time

import ipywidgets as widgets

from .blit import BlitRenderer, agg_figure
from .playground import DATASET_NAMES, INIT_HYPER, Session
from .saturation import ACTIVATION_NAMES, readout, saturation_stats
from .views import DPI, FIG_WIDTH, PlaygroundView, SaturationView, saturation_panels

__all__ = ["saturation_explorer", "SaturationExplorer", "training_playground", "TrainingPlayground",
           "saturation_panels", "SaturationView", "PlaygroundView"]

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


def _classes(widget, name):
    widget.add_class(name)
    return widget


def _figure_and_image(height, css_class):
    """A figure ``FIG_WIDTH`` x ``height`` inches at ``DPI``, and the Image widget that shows it.

    The image gets its natural width in pixels (and at most the output area's width): a flex box
    would otherwise stretch it to the page (blurry, oversized text in Voila); the fonts of
    :mod:`nnlib.views` are sized for this natural size.
    """
    fig = agg_figure((FIG_WIDTH, height), dpi=DPI, layout="constrained")
    width = round(FIG_WIDTH * DPI)
    image = widgets.Image(format="jpeg", layout=widgets.Layout(width=f"{width}px", max_width="100%",
                                                               height="auto"))
    return fig, _classes(image, css_class)


class SaturationExplorer(widgets.VBox):
    """The saturation explorer: a VBox whose controls, readout and image are attributes.

    Attributes
    ----------
    scale_slider, activation_menu, depth_slider, width_slider : ipywidgets controls
    readout_html : ipywidgets.HTML
        :func:`nnlib.saturation.readout` of the current stats.
    image : ipywidgets.Image
    stats : SaturationStats
        What is displayed now.
    timings : list of float
        Seconds each :meth:`update` took (compute + redraw + PNG).
    """

    def __init__(self, scale=0.01, activation="tanh", depth=10, width=256, m=512, seed=0):
        self.m, self.seed, self.timings = m, seed, []
        slider = dict(continuous_update=False, style={"description_width": "initial"})
        self.scale_slider = _classes(widgets.FloatLogSlider(
            value=scale, base=10, min=-3, max=1, step=0.05, readout_format=".3g", description="init scale",
            **slider), "bs-scale")
        self.activation_menu = _classes(widgets.Dropdown(
            options=ACTIVATION_NAMES, value=activation, description="activation"), "bs-activation")
        self.depth_slider = _classes(widgets.IntSlider(value=depth, min=1, max=20, description="depth",
                                                       **slider), "bs-depth")
        self.width_slider = _classes(widgets.SelectionSlider(options=WIDTHS, value=width, description="width",
                                                             **slider), "bs-width")
        self.readout_html = _classes(widgets.HTML(), "bs-saturation-readout")
        self.fig, self.image = _figure_and_image(3.3, "bs-saturation-figure")
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


class TrainingPlayground(widgets.VBox):
    """The training playground: a VBox whose controls, buttons and readouts are attributes.

    Attributes
    ----------
    dataset_menu, init_menu, scale_slider, activation_menu, lr_slider : ipywidgets controls
        Changing one starts a new session (and pauses).
    play_button, pause_button, step_button, reset_button : ipywidgets.Button
    step_counter, loss_readout, accuracy_readout, status : ipywidgets.HTML
    session : nnlib.playground.Session
    playing : bool
    """

    def __init__(self, dataset="circles", init="he_normal", scale=1.0, activation="tanh", lr=0.5,
                 hidden_sizes=(16, 16), m=200, seed=0, steps_per_tick=20, interval=0.02, max_steps=5000):
        self.hidden_sizes, self.m, self.seed = hidden_sizes, m, seed
        self.steps_per_tick, self.interval, self.max_steps = steps_per_tick, interval, max_steps
        self.playing, self._task = False, None
        slider = dict(continuous_update=False, base=10, min=-3, max=1, step=0.05, readout_format=".3g",
                      style={"description_width": "initial"})
        self.dataset_menu = _classes(widgets.Dropdown(options=DATASET_NAMES, value=dataset, description="dataset"),
                                     "bs-dataset")
        self.init_menu = _classes(widgets.Dropdown(options=list(INIT_HYPER), value=init, description="initializer"),
                                  "bs-init")
        self.scale_slider = _classes(widgets.FloatLogSlider(value=scale, description="init scale ×", **slider),
                                     "bs-scale")
        self.activation_menu = _classes(widgets.Dropdown(options=ACTIVATION_NAMES, value=activation,
                                                         description="activation"), "bs-activation")
        self.lr_slider = _classes(widgets.FloatLogSlider(value=lr, description="learning rate", **slider), "bs-lr")
        self.play_button = _classes(widgets.Button(description="Play", icon="play"), "bs-play")
        self.pause_button = _classes(widgets.Button(description="Pause", icon="pause"), "bs-pause")
        self.step_button = _classes(widgets.Button(description="Step", icon="step-forward"), "bs-step")
        self.reset_button = _classes(widgets.Button(description="Reset", icon="refresh"), "bs-reset")
        self.step_counter = _classes(widgets.HTML(description="step"), "bs-step-counter")
        self.loss_readout = _classes(widgets.HTML(description="loss"), "bs-loss-readout")
        self.accuracy_readout = _classes(widgets.HTML(description="accuracy"), "bs-accuracy-readout")
        self.status = _classes(widgets.HTML(), "bs-status")
        self.fig, self.image = _figure_and_image(3.4, "bs-playground-figure")
        self.view = PlaygroundView(self.fig)
        self.renderer = None  # made at the first redraw
        self.play_button.on_click(self.play)
        self.pause_button.on_click(self.pause)
        self.step_button.on_click(self.step)
        self.reset_button.on_click(self.reset)
        controls = (self.dataset_menu, self.init_menu, self.scale_slider, self.activation_menu, self.lr_slider)
        for control in controls:
            control.observe(self.reset, names="value")
        buttons = (self.play_button, self.pause_button, self.step_button, self.reset_button)
        readouts = (self.step_counter, self.loss_readout, self.accuracy_readout, self.status)
        super().__init__([widgets.HBox(controls[:3]), widgets.HBox(controls[3:]), widgets.HBox(buttons),
                          widgets.HBox(readouts), self.image])
        self.add_class("bs-training-playground")
        self.reset()

    def reset(self, _=None):
        """Pause and start a new session from the current controls."""
        self.pause()
        self.session = Session(self.dataset_menu.value, self.init_menu.value, self.scale_slider.value,
                               self.activation_menu.value, self.hidden_sizes, self.lr_slider.value, self.m, self.seed)
        self.status.value = ""
        self.redraw()

    def step(self, _=None):
        """Train one chunk of ``steps_per_tick`` steps and redraw."""
        self.session.advance(self.steps_per_tick)
        self.redraw()

    def redraw(self):
        """Update the figure and the readouts from the session."""
        s = self.session
        self.view.update(s)
        if self.renderer is None:
            self.renderer = BlitRenderer(self.fig, self.view.artists)
        self.image.value = self.renderer.render()
        self.step_counter.value = str(s.step)
        self.loss_readout.value = "diverged" if s.diverged else f"{s.loss:.4f}"
        self.accuracy_readout.value = f"{s.accuracies[-1]:.3f}"
        self._sync_buttons()

    def _sync_buttons(self):
        self.play_button.disabled = self.playing
        self.pause_button.disabled = not self.playing

    def play(self, _=None):
        """Train in the background (an asyncio task) until paused, ``max_steps`` or divergence."""
        if self.playing:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.status.value = "no event loop here (plain Python): use Step"
            return
        self.playing = True
        self._sync_buttons()
        if self._task is None or self._task.done():  # else the running task (asleep) simply carries on
            self._task = loop.create_task(self._run())

    def pause(self, _=None):
        """Stop the background training after the current chunk."""
        self.playing = False
        self._sync_buttons()

    async def _run(self):
        try:
            while self.playing and not self.session.diverged and self.session.step < self.max_steps:
                self.step()
                await asyncio.sleep(self.interval)
            if self.session.step >= self.max_steps:
                self.status.value = f"stopped at max_steps = {self.max_steps}"
            elif self.session.diverged:
                self.status.value = "the loss became non-finite: lower the scale or the learning rate"
        except Exception as err:  # shown in the widget: a background task has no cell to print to
            self.status.value = f"error: {html.escape(repr(err))}"
        finally:
            self.playing = False
            self._sync_buttons()


def training_playground(dataset="circles", init="he_normal", scale=1.0, activation="tanh", lr=0.5, **kw):
    """Widget: train a small network live — dataset, initializer × scale, activation, learning rate.

    Play / Pause / Step / Reset; live decision boundary and loss curve; a step counter and the loss.
    ``**kw`` go to :class:`TrainingPlayground` (``hidden_sizes``, ``m``, ``seed``, ``steps_per_tick``,
    ``interval``, ``max_steps``).

    Returns
    -------
    TrainingPlayground
        Display it (last expression of a cell).
    """
    return TrainingPlayground(dataset, init, scale, activation, lr, **kw)
