"""nnlib.widgets._blit (private renderer): decade limits, and per-axes blitting that reproduces a full redraw."""

import io

import numpy as np
import PIL.Image
import pytest

from nnlib.widgets._blit import BlitRenderer, agg_figure, decade_limits


@pytest.mark.parametrize("values, step, expected", [
    ([0.03, 5.0], 1, (1e-2, 1e1)),          # padded by 2: 0.015 -> 1e-2, 10 -> 1e1
    ([0.03, 5.0], 3, (1e-3, 1e3)),
    ([1e-9, 2e-9], 1, (1e-10, 1e-8)),
    ([np.nan, 0.0, -1.0], 1, (1e-3, 1.0)),  # nothing positive and finite: a default range
])
def test_decade_limits(values, step, expected):
    lo, hi = decade_limits(values, step=step)
    assert lo == pytest.approx(expected[0]) and hi == pytest.approx(expected[1])


def test_decade_limits_contain_the_values_with_room():
    rng = np.random.default_rng(0)
    for _ in range(50):
        values = 10.0 ** rng.uniform(-30, 30, size=5)
        lo, hi = decade_limits(values, pad=2.0, step=3)
        assert lo <= values.min() / 2 and hi >= values.max() * 2
        assert np.log10(lo) % 3 == pytest.approx(0) and np.log10(hi) % 3 == pytest.approx(0)


def make():
    fig = agg_figure((6, 2.5))
    ax1, ax2 = fig.subplots(1, 2)
    line, = ax1.plot([0, 1], [0, 1], color="tab:red")
    dots = ax2.scatter([0.2, 0.5], [0.5, 0.2])
    return fig, ax1, ax2, line, dots


def test_renderer_matches_a_full_redraw_and_reuses_backgrounds():
    fig, ax1, ax2, line, dots = make()
    renderer = BlitRenderer(fig, [line, dots])
    first_ylim = ax2.get_ylim()
    jpeg = renderer.render()
    assert jpeg[:2] == b"\xff\xd8" and PIL.Image.open(io.BytesIO(jpeg)).size == (480, 200)
    line.set_data([0, 1], [1, 0])
    ax2.set_ylim(-1, 2)  # a new state of the second axes: only its strip is drawn again
    renderer.render()
    assert [len(cache) for cache in renderer.backgrounds] == [1, 2]
    blitted = np.asarray(fig.canvas.buffer_rgba()).astype(int)
    for artist in (line, dots):
        artist.set_animated(False)
    fig.canvas.draw()
    full = np.asarray(fig.canvas.buffer_rgba()).astype(int)
    assert (np.abs(blitted - full).max(axis=-1) > 60).mean() < 0.002
    ax2.set_ylim(*first_ylim)  # back to the first state: its background comes from the cache
    renderer.render()
    assert [len(cache) for cache in renderer.backgrounds] == [1, 2]


def test_renderer_forgets_old_backgrounds():
    fig, ax1, ax2, line, dots = make()
    renderer = BlitRenderer(fig, [line], keep=3)
    for top in range(2, 10):
        ax1.set_ylim(0, top)
        renderer.render()
    assert len(renderer.backgrounds[0]) == 3
