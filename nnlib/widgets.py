"""The interactive widgets of lesson 04, and the figures they draw.

Each widget only wires controls to a plain computation that works without a browser:

* :func:`saturation_explorer` shows :func:`nnlib.saturation.saturation_stats` — per-layer
  histograms of the activations, the saturated fraction, mean ``|g'|``, the activations' std and
  the back-propagated gradient's RMS of a random deep network — and its one-line
  :func:`nnlib.saturation.readout` of the last layer.
* :func:`training_playground` trains a :class:`nnlib.playground.Session` a chunk at a time and
  shows the decision boundary, the loss curve, the step counter and the current loss.

How they draw: each widget owns one matplotlib ``Figure`` (not a pyplot figure, so nothing is
displayed twice), updates its artists in place and sends the rendered image (JPEG) to an
``ipywidgets.Image``. Sliders use ``continuous_update=False``: one update per release.

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
import html
import io
import time
from collections import OrderedDict

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .playground import DATASET_NAMES, INIT_HYPER, Session
from .saturation import ACTIVATION_NAMES, histograms, readout, saturation_stats

__all__ = ["SaturationView", "saturation_panels", "saturation_explorer", "SaturationExplorer",
           "training_playground", "TrainingPlayground"]

WIDTHS = (16, 32, 64, 128, 256, 512)
XLABEL = {"sigmoid": "activation a", "tanh": "activation a", "relu": "a / RMS(a), active units",
          "linear": "a / RMS(a)"}


def _figure(figsize, dpi=80):
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def _decades(values, pad=2.0):
    """Log-axis limits rounded out to whole decades (they change rarely, so backgrounds are reused)."""
    values = np.asarray(values, dtype=np.float64)
    values = values[np.isfinite(values) & (values > 0)]
    if not values.size:
        return 1e-3, 1.0
    return 10.0 ** np.floor(np.log10(values.min() / pad)), 10.0 ** np.ceil(np.log10(values.max() * pad))


class _Renderer:
    """Render a figure to JPEG bytes, redrawing only its *animated* artists when nothing else changed.

    The static part (axes, ticks, labels, legends) is drawn once per state of the axes' limits,
    labels and titles and kept as a background; an update restores it and draws the data artists
    on top (matplotlib's blitting). ``fig.canvas`` must be an Agg canvas.
    """

    def __init__(self, fig, artists, keep=24):
        self.fig, self.artists, self.keep, self.backgrounds = fig, list(artists), keep, OrderedDict()
        for artist in self.artists:
            artist.set_animated(True)

    def _key(self):
        return tuple((ax.get_xlim(), ax.get_ylim(), ax.get_xlabel(), ax.get_ylabel(), ax.get_title(),
                      ax.get_yscale()) for ax in self.fig.axes)

    def render(self):
        canvas, key = self.fig.canvas, self._key()
        if key in self.backgrounds:
            canvas.restore_region(self.backgrounds[key])
            self.backgrounds.move_to_end(key)
        else:
            canvas.draw()
            self.backgrounds[key] = canvas.copy_from_bbox(self.fig.bbox)
            if len(self.backgrounds) > self.keep:
                self.backgrounds.popitem(last=False)
        for artist in self.artists:
            if artist.get_visible():
                self.fig.draw_artist(artist)
        rgb = np.asarray(canvas.buffer_rgba())[..., :3]
        buf = io.BytesIO()
        # JPEG: ~2 ms against ~15 ms for PNG at this size, and a tenth of the bytes of raw pixels
        PIL.Image.fromarray(rgb).save(buf, format="jpeg", quality=92)
        return buf.getvalue()


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
        self.ax_size.set_ylim(*_decades(np.concatenate([stats.std, stats.dZ_rms])))


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


def _classes(widget, name):
    widget.add_class(name)
    return widget


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
        self.image = _classes(widgets.Image(format="jpeg"), "bs-saturation-figure")
        self.fig = _figure((11, 3.3))
        axes = self.fig.subplots(1, 3, width_ratios=[1.25, 1, 1])
        self.fig.subplots_adjust(left=0.05, right=0.99, bottom=0.15, top=0.9, wspace=0.22)
        self.view = SaturationView(axes)
        self.renderer = _Renderer(self.fig, self.view.artists)
        controls = (self.scale_slider, self.activation_menu, self.depth_slider, self.width_slider)
        for control in controls:
            control.observe(self.update, names="value")
        super().__init__([widgets.HBox(controls[:2]), widgets.HBox(controls[2:]), self.readout_html, self.image])
        self.add_class("bs-saturation-explorer")
        self.update()

    def update(self, change=None):
        """Recompute for the current control values and redraw (the observers call this)."""
        start = time.perf_counter()
        self.stats = saturation_stats(self.scale_slider.value, self.activation_menu.value, self.depth_slider.value,
                                      self.width_slider.value, self.m, self.seed)
        self.view.update(self.stats)
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
        self.ax_loss.set_ylim(*_decades(session.losses, pad=1.0))


_NICE = tuple(int(b * 10**e) for e in range(2, 7) for b in (1, 2, 5))


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
        self.image = _classes(widgets.Image(format="jpeg"), "bs-playground-figure")
        self.fig = _figure((10, 3.6))
        self.view = PlaygroundView(self.fig)
        self.renderer = _Renderer(self.fig, self.view.artists)
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
