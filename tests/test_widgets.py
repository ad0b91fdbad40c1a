"""nnlib.widgets, headless: build the widgets, drive their controls from Python, check what they show."""

import asyncio
import html
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import PIL.Image  # noqa: E402
import pytest  # noqa: E402

from nnlib.saturation import saturation_stats  # noqa: E402
from nnlib.widgets import (  # noqa: E402
    SaturationView,
    saturation_explorer,
    saturation_panels,
    training_playground,
)
from nnlib.widgets.readout import parse_readout, readout  # noqa: E402
from nnlib.widgets.saturation_view import ridge_polygons  # noqa: E402

SMALL = dict(width=64, m=128)  # fast settings for the explorer


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def shown_text(html_widget):
    return html.unescape(html_widget.value.replace("<code>", "").replace("</code>", ""))


def expected_readout(ex):
    return readout(saturation_stats(ex.scale_slider.value, ex.activation_menu.value, ex.depth_slider.value,
                                    ex.width_slider.value, ex.m, ex.seed))


def classes(widget):
    return set(widget._dom_classes)


# --- saturation explorer --------------------------------------------------------------------------

def test_explorer_shows_the_plain_function_readout():
    ex = saturation_explorer(scale=0.05, activation="tanh", depth=6, **SMALL)
    assert shown_text(ex.readout_html) == expected_readout(ex)
    assert parse_readout(shown_text(ex.readout_html))["layer"] == 6
    assert ex.image.value[:2] == b"\xff\xd8"  # a JPEG
    assert len(ex.timings) == 1


@pytest.mark.parametrize("control, value", [
    ("scale_slider", 2.0), ("activation_menu", "sigmoid"), ("depth_slider", 3), ("width_slider", 32),
])
def test_changing_a_control_updates_readout_and_image(control, value):
    ex = saturation_explorer(scale=0.05, activation="tanh", depth=6, **SMALL)
    before_text, before_image = ex.readout_html.value, ex.image.value
    getattr(ex, control).value = value
    assert ex.readout_html.value != before_text
    assert ex.image.value != before_image
    assert shown_text(ex.readout_html) == expected_readout(ex)
    assert len(ex.timings) == 2


def test_readout_follows_scale_as_the_closed_form_predicts():
    ex = saturation_explorer(scale=0.01, activation="tanh", depth=1, **SMALL)
    assert parse_readout(shown_text(ex.readout_html))["saturated"] == 0.0
    ex.scale_slider.value = 1.0
    shown = parse_readout(shown_text(ex.readout_html))
    assert shown["saturated"] > 0.7 and shown["mean_abs_gprime"] < 0.2  # z ~ N(0, 64): mostly |z| > 2.65


def test_explorer_css_classes():
    ex = saturation_explorer(**SMALL)
    assert "bs-saturation-explorer" in classes(ex)
    for attr, css in [("scale_slider", "bs-scale"), ("activation_menu", "bs-activation"),
                      ("depth_slider", "bs-depth"), ("width_slider", "bs-width"),
                      ("readout_html", "bs-saturation-readout"), ("image", "bs-saturation-figure")]:
        assert css in classes(getattr(ex, attr)), attr
    assert ex.scale_slider.continuous_update is False and ex.depth_slider.continuous_update is False
    assert (ex.scale_slider.min, ex.scale_slider.max) == (-3, 1)  # 1e-3 … 10 on a log scale


def test_reused_background_gives_the_same_image_as_a_fresh_widget():
    travelled = saturation_explorer(scale=0.02, activation="tanh", depth=5, **SMALL)
    travelled.activation_menu.value = "relu"
    travelled.activation_menu.value = "tanh"  # background for this state is now reused from the cache
    travelled.scale_slider.value = 0.03
    fresh = saturation_explorer(scale=0.03, activation="tanh", depth=5, **SMALL)
    assert travelled.image.value == fresh.image.value


@pytest.mark.parametrize("make", [lambda: saturation_explorer(scale=0.02, depth=5, **SMALL),
                                  lambda: small_playground()])
def test_blitted_frame_equals_a_full_redraw(make):
    widget = make()
    if hasattr(widget, "depth_slider"):  # visit other states first, so that cached backgrounds get reused
        widget.activation_menu.value = "relu"
        widget.depth_slider.value = 3
        widget.activation_menu.value = "tanh"
        widget.depth_slider.value = 5
    else:
        widget.dataset_menu.value = "xor"
        widget.step_button.click()
        widget.dataset_menu.value = "circles"
        widget.step_button.click()
    widget.renderer.render()
    canvas = widget.fig.canvas
    blitted = np.asarray(canvas.buffer_rgba()).astype(int)
    for artist in widget.renderer.artists:
        artist.set_animated(False)
    canvas.draw()
    full = np.asarray(canvas.buffer_rgba()).astype(int)
    differ = np.abs(blitted - full).max(axis=-1) > 60  # beyond anti-aliasing and drawing-order blends
    assert differ.mean() < 0.002, f"{differ.mean():.2%} of the pixels differ from a full redraw"


def test_view_refuses_more_layers_than_it_has_room_for():
    fig, axes = plt.subplots(1, 3)
    view = SaturationView(axes, max_depth=3)
    with pytest.raises(ValueError, match="at most 3 layers"):
        view.update(saturation_stats(0.1, "tanh", depth=4, width=8, m=8))


def test_static_small_multiples():
    fig = saturation_panels([{"scale": 0.01, "depth": 4, "width": 32, "m": 64},
                             {"scale": 1.0, "activation": "relu", "depth": 4, "width": 32, "m": 64}])
    assert len(fig.axes) == 6
    assert fig.axes[0].get_title().startswith("tanh · scale 0.01")
    assert fig.axes[3].get_title().startswith("relu · scale 1")


# --- how the figures look -------------------------------------------------------------------------

def test_explorer_image_has_its_natural_pixel_width():
    """The page must not stretch the JPEG (blurry text in Voila): the Image's CSS width is its pixel width."""
    ex = saturation_explorer(**SMALL)
    width, height = PIL.Image.open(io.BytesIO(ex.image.value)).size
    assert (width, height) == (round(ex.fig.bbox.width), round(ex.fig.bbox.height))
    assert ex.image.layout.width == f"{width}px" and ex.image.layout.max_width == "100%"
    assert ex.image.layout.height == "auto"
    pg = small_playground()
    assert pg.image.layout.width == f"{PIL.Image.open(io.BytesIO(pg.image.value)).size[0]}px"


def _drawn_texts(fig):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        labels = [*ax.get_xticklabels(), *ax.get_yticklabels(), ax.xaxis.label, ax.yaxis.label, ax.title]
        yield from (t for t in labels if t.get_visible() and t.get_text() and t.get_window_extent(renderer).width)


@pytest.mark.parametrize("make", [lambda: saturation_explorer(**SMALL), lambda: small_playground()])
def test_text_is_large_enough_at_natural_size(make):
    """At the image's natural size every tick label and axis label is at least 14 px (10.5 pt at 100 dpi)."""
    widget = make()
    sizes = [t.get_fontsize() * widget.fig.dpi / 72 for t in _drawn_texts(widget.fig)]
    assert sizes and min(sizes) >= 14.0, f"smallest text {min(sizes):.1f} px"


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear"])
def test_histogram_tick_labels_do_not_touch(activation):
    ex = saturation_explorer(activation=activation, **SMALL)
    fig = ex.fig
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = sorted((t.get_window_extent(renderer) for t in ex.view.ax_hist.get_xticklabels() if t.get_text()),
                   key=lambda b: b.x0)
    assert 3 <= len(boxes) <= 5
    gaps = [right.x0 - left.x1 for left, right in zip(boxes[:-1], boxes[1:], strict=True)]
    assert min(gaps) >= 10, f"tick labels {gaps} px apart"


def test_line_panels_have_titles_or_axis_labels():
    ex = saturation_explorer(**SMALL)
    for ax in (ex.view.ax_sat, ex.view.ax_size):
        assert ax.get_xlabel() == "layer"
        assert ax.get_ylabel(), "a y label says what the values are"
        assert len(ax.get_legend().get_texts()) == 2
    assert ex.view.ax_hist.get_ylabel() == "layer" and ex.view.ax_hist.get_title()


def test_ridge_polygons_merge_neighbours_and_skip_empty_bins():
    edges = np.arange(7.0)
    polygons = ridge_polygons(edges, np.array([0.5, 0.4, 0.0, 0.0, 0.3, 0.0]), base=2.0)
    assert len(polygons) == 2  # bins 0-1 as one outline, bin 4 alone; the empty bins draw nothing
    first, second = polygons
    assert first[0].tolist() == [0.0, 2.0] and first[-1].tolist() == [2.0, 2.0]
    assert first[:, 1].min() == pytest.approx(1.5)
    assert second[:, 0].min() == 4.0 and second[:, 0].max() == 5.0 and second[:, 1].min() == pytest.approx(1.7)
    assert ridge_polygons(edges, np.zeros(6), base=1.0) == []


def test_no_sub_pixel_slivers_across_a_saturated_histogram():
    """tanh at scale 1: values pile up at -1 and +1; the nearly empty middle must not draw hairlines."""
    ex = saturation_explorer(scale=1.0, activation="tanh", depth=6, **SMALL)
    ax = ex.view.ax_hist
    px_per_layer = ax.bbox.height / -np.diff(ax.get_ylim())[0]
    for path in ex.view.ridges.get_paths():
        v = path.vertices
        assert not (v[:, 0].min() < 0 < v[:, 0].max()), "a ridge spans the empty middle"
        assert np.ptp(v[:, 1]) * px_per_layer >= 1.0, "a ridge thinner than a pixel"


def test_playground_classes_are_distinct_and_light_edged():
    pg = small_playground()
    faces = pg.view.points.to_rgba(np.array([0.0, 1.0]))
    assert np.abs(faces[0] - faces[1])[:3].sum() > 1.0, "class colours must differ clearly"
    assert (np.asarray(pg.view.points.get_edgecolor())[:, :3] > 0.9).all(), "light edges"
    for face in faces:  # neither class nearly black
        assert face[:3].max() > 0.4


def test_loss_panel_shows_the_single_point_at_step_0():
    pg = small_playground()
    ax = pg.view.ax_loss
    marker = pg.view.current
    assert marker.get_marker() not in (None, "", "None", " ") and len(marker.get_xdata()) == 1
    # the marker is drawn: pixels of its colour inside the loss panel of the shown frame
    rgb = np.asarray(PIL.Image.open(io.BytesIO(pg.image.value)).convert("RGB")).astype(int)
    x0, x1 = int(ax.bbox.x0), int(ax.bbox.x1)
    h = rgb.shape[0]
    panel = rgb[h - int(ax.bbox.y1):h - int(ax.bbox.y0), x0:x1]
    target = np.array(matplotlib.colors.to_rgb(marker.get_color())) * 255
    assert (np.abs(panel - target).sum(axis=-1) < 60).sum() >= 20
    pg.step_button.click()
    pg.reset_button.click()
    assert len(pg.view.current.get_xdata()) == 1


# --- training playground --------------------------------------------------------------------------

def small_playground(**kw):
    return training_playground(m=60, steps_per_tick=10, **kw)


def test_step_button_trains_one_chunk_and_updates_readouts():
    pg = small_playground()
    assert pg.step_counter.value == "0"
    loss0 = float(pg.loss_readout.value)
    assert loss0 == pytest.approx(pg.session.loss, abs=5e-5)
    image0 = pg.image.value
    pg.step_button.click()
    pg.step_button.click()
    assert pg.step_counter.value == "20" and pg.session.step == 20
    assert float(pg.loss_readout.value) == pytest.approx(pg.session.loss, abs=5e-5)
    assert float(pg.loss_readout.value) < loss0
    assert pg.image.value != image0


def test_reset_and_controls_start_a_new_session():
    pg = small_playground()
    pg.step_button.click()
    pg.reset_button.click()
    assert pg.step_counter.value == "0" and pg.session.step == 0
    pg.step_button.click()
    old = pg.session
    pg.dataset_menu.value = "xor"
    assert pg.session is not old and pg.session.dataset == "xor" and pg.step_counter.value == "0"
    pg.init_menu.value = "zeros"
    pg.step_button.click()
    assert float(pg.loss_readout.value) == pytest.approx(np.log(2), abs=5e-5)  # stuck: symmetric start


def test_playground_css_classes_and_descriptions():
    pg = small_playground()
    assert "bs-training-playground" in classes(pg)
    expected = {"dataset_menu": "bs-dataset", "init_menu": "bs-init", "scale_slider": "bs-scale",
                "activation_menu": "bs-activation", "lr_slider": "bs-lr", "play_button": "bs-play",
                "pause_button": "bs-pause", "step_button": "bs-step", "reset_button": "bs-reset",
                "step_counter": "bs-step-counter", "loss_readout": "bs-loss-readout", "image": "bs-playground-figure"}
    for attr, css in expected.items():
        assert css in classes(getattr(pg, attr)), attr
    assert [pg.play_button.description, pg.pause_button.description, pg.step_button.description,
            pg.reset_button.description] == ["Play", "Pause", "Step", "Reset"]


def test_play_without_an_event_loop_explains_itself():
    pg = small_playground()
    pg.play_button.click()
    assert not pg.playing and "use Step" in pg.status.value


def test_play_trains_in_the_background_until_paused():
    pg = small_playground(interval=0.001)

    async def scenario():
        loss0 = pg.session.loss
        pg.play_button.click()
        assert pg.playing and pg.play_button.disabled and not pg.pause_button.disabled
        pg.play_button.click()  # a second click starts no second task
        for _ in range(200):
            await asyncio.sleep(0.005)
            if pg.session.step >= 50:
                break
        pg.pause_button.click()
        stopped_at = pg.session.step
        await asyncio.sleep(0.05)
        return loss0, stopped_at

    loss0, stopped_at = asyncio.run(scenario())
    assert stopped_at >= 50 and pg.session.step == stopped_at  # nothing ran after the pause
    assert int(pg.step_counter.value) == stopped_at
    assert float(pg.loss_readout.value) < loss0
    assert not pg.playing and not pg.play_button.disabled and pg.pause_button.disabled


def test_play_stops_by_itself_at_max_steps():
    pg = small_playground(interval=0.0, max_steps=30)

    async def scenario():
        pg.play()
        await pg._task

    asyncio.run(scenario())
    assert pg.session.step == 30 and not pg.playing and "max_steps" in pg.status.value


def test_play_stops_when_the_loss_diverges():
    pg = small_playground(interval=0.0, dataset="xor", init="normal", activation="linear", lr=10.0)

    async def scenario():
        pg.play()
        await pg._task

    asyncio.run(scenario())
    assert pg.session.diverged and pg.loss_readout.value == "diverged" and "non-finite" in pg.status.value
