"""The training playground of lesson 04: train a small network live and watch it learn.

The widget drives a :class:`nnlib.widgets.session.Session` (a chunk of training steps per tick, in an
``asyncio`` task) and draws it with a :class:`nnlib.widgets.playground_view.PlaygroundView` (see
:mod:`nnlib.widgets` for how it runs without freezing the notebook, and its CSS classes). Below the
decision boundary, a :class:`nnlib.widgets.network_view.NetworkView` draws the network itself — each
unit's activation map over the input plane and the edges coloured by weight — with controls for the
width and the number of hidden layers.
"""

import asyncio
import html
import json

import ipywidgets as widgets

from ..saturation import ACTIVATION_NAMES
from ._blit import BlitRenderer, agg_figure
from .network import map_summary
from .network_view import MAX_DEPTH, MAX_WIDTH, NetworkView
from .playground_view import PlaygroundView
from .session import DATASET_NAMES, INIT_HYPER, Session
from .style import DPI, FIG_WIDTH, css, figure_and_image

#: Height (inches) of the network view's figure.
NETWORK_HEIGHT = 5.0

__all__ = ["training_playground", "TrainingPlayground"]


class TrainingPlayground(widgets.VBox):
    """The training playground: a VBox whose controls, buttons and readouts are attributes.

    Attributes
    ----------
    dataset_menu, init_menu, scale_slider, activation_menu, lr_slider : ipywidgets controls
        Changing one starts a new session (and pauses).
    width_slider, depth_slider : ipywidgets.IntSlider
        Units per hidden layer and number of hidden layers (every hidden layer gets the same width);
        changing one starts a new session.
    network_image : ipywidgets.Image
        The network view (:class:`nnlib.widgets.network_view.NetworkView`), ``network_view`` its state.
    network_readout : ipywidgets.HTML
        How many hidden-unit maps differ per layer; its ``data-unit-maps`` attribute holds
        :func:`nnlib.widgets.network.map_summary` of the maps drawn (for tests).
    play_button, pause_button, step_button, reset_button : ipywidgets.Button
    step_counter, loss_readout, accuracy_readout, status : ipywidgets.HTML
    session : nnlib.widgets.session.Session
    playing : bool
    """

    def __init__(self, dataset="circles", init="he_normal", scale=1.0, activation="tanh", lr=0.5,
                 hidden_sizes=(16, 16), m=200, seed=0, steps_per_tick=20, interval=0.02, max_steps=5000,
                 show_network=True):
        self.hidden_sizes, self.m, self.seed = tuple(hidden_sizes), m, seed
        self.show_network = show_network
        self.steps_per_tick, self.interval, self.max_steps = steps_per_tick, interval, max_steps
        self.playing, self._task = False, None
        slider = dict(continuous_update=False, base=10, min=-3, max=1, step=0.05, readout_format=".3g",
                      style={"description_width": "initial"})
        self.dataset_menu = css(widgets.Dropdown(options=DATASET_NAMES, value=dataset, description="dataset"),
                                     "bs-dataset")
        self.init_menu = css(widgets.Dropdown(options=list(INIT_HYPER), value=init, description="initializer"),
                                  "bs-init")
        self.scale_slider = css(widgets.FloatLogSlider(value=scale, description="init scale ×", **slider),
                                     "bs-scale")
        self.activation_menu = css(widgets.Dropdown(options=ACTIVATION_NAMES, value=activation,
                                                         description="activation"), "bs-activation")
        self.lr_slider = css(widgets.FloatLogSlider(value=lr, description="learning rate", **slider), "bs-lr")
        sizes = dict(continuous_update=False, style={"description_width": "initial"})
        self.width_slider = css(widgets.IntSlider(value=min(max(self.hidden_sizes), MAX_WIDTH), min=1, max=MAX_WIDTH,
                                                  description="hidden units", **sizes), "bs-net-width")
        self.depth_slider = css(widgets.IntSlider(value=min(len(self.hidden_sizes), MAX_DEPTH), min=1, max=MAX_DEPTH,
                                                  description="hidden layers", **sizes), "bs-net-depth")
        self.play_button = css(widgets.Button(description="Play", icon="play"), "bs-play")
        self.pause_button = css(widgets.Button(description="Pause", icon="pause"), "bs-pause")
        self.step_button = css(widgets.Button(description="Step", icon="step-forward"), "bs-step")
        self.reset_button = css(widgets.Button(description="Reset", icon="refresh"), "bs-reset")
        self.step_counter = css(widgets.HTML(description="step"), "bs-step-counter")
        self.loss_readout = css(widgets.HTML(description="loss"), "bs-loss-readout")
        self.accuracy_readout = css(widgets.HTML(description="accuracy"), "bs-accuracy-readout")
        self.status = css(widgets.HTML(), "bs-status")
        self.fig, self.image = figure_and_image(3.4, "bs-playground-figure")
        self.view = PlaygroundView(self.fig)
        self.renderer = None  # made at the first redraw
        width = round(FIG_WIDTH * DPI)
        self.network_image = css(widgets.Image(format="jpeg", layout=widgets.Layout(
            width=f"{width}px", max_width="100%", height="auto")), "bs-network-figure")
        self.network_readout = css(widgets.HTML(), "bs-network-readout")
        self.network_view, self.network_renderer = None, None  # made for each architecture
        self.play_button.on_click(self.play)
        self.pause_button.on_click(self.pause)
        self.step_button.on_click(self.step)
        self.reset_button.on_click(self.reset)
        controls = (self.dataset_menu, self.init_menu, self.scale_slider, self.activation_menu, self.lr_slider)
        for control in controls:
            control.observe(self.reset, names="value")
        for control in (self.width_slider, self.depth_slider):
            control.observe(self._resize, names="value")
        buttons = (self.play_button, self.pause_button, self.step_button, self.reset_button)
        readouts = (self.step_counter, self.loss_readout, self.accuracy_readout, self.status)
        network = [widgets.HBox([self.width_slider, self.depth_slider]), self.network_readout, self.network_image]
        super().__init__([widgets.HBox(controls[:3]), widgets.HBox(controls[3:]), widgets.HBox(buttons),
                          widgets.HBox(readouts), self.image, *(network if show_network else [])])
        self.add_class("bs-training-playground")
        self.reset()

    def reset(self, _=None):
        """Pause and start a new session from the current controls."""
        self.pause()
        self.session = Session(self.dataset_menu.value, self.init_menu.value, self.scale_slider.value,
                               self.activation_menu.value, self.hidden_sizes, self.lr_slider.value, self.m, self.seed)
        self.status.value = ""
        self.redraw()

    def _resize(self, _=None):
        """New width or depth: every hidden layer gets the slider's width; a new session."""
        self.hidden_sizes = (self.width_slider.value,) * self.depth_slider.value
        self.reset()

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
        if self.show_network:
            self._redraw_network()
        self._sync_buttons()

    def _redraw_network(self):
        s = self.session
        sizes = [2, *s.hidden_sizes, 1]
        if self.network_view is None or self.network_view.layer_sizes != sizes:
            self.network_fig = agg_figure((FIG_WIDTH, NETWORK_HEIGHT), dpi=DPI)
            self.network_view = NetworkView(self.network_fig, sizes)
            self.network_renderer = None
        self.network_view.update(s)
        if self.network_renderer is None:
            self.network_renderer = BlitRenderer(self.network_fig, self.network_view.artists)
        self.network_image.value = self.network_renderer.render()
        text = html.escape(self.network_view.caption.get_text())
        data = html.escape(json.dumps(map_summary(self.network_view.maps)), quote=True)
        self.network_readout.value = f'<span data-unit-maps="{data}">{text}</span>'

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

    Play / Pause / Step / Reset; live decision boundary and loss curve; a step counter and the loss;
    the network itself (every unit's activation map, edges coloured by weight) with its width and
    depth. ``**kw`` go to :class:`TrainingPlayground` (``hidden_sizes``, ``m``, ``seed``,
    ``steps_per_tick``, ``interval``, ``max_steps``, ``show_network``).

    Returns
    -------
    TrainingPlayground
        Display it (last expression of a cell).
    """
    return TrainingPlayground(dataset, init, scale, activation, lr, **kw)
