"""The training playground's network view: unit maps over the input plane, checked against nnlib.mlp.forward.

The maps are the forward pass on a grid, unit by unit; identical hidden units (zero or constant start)
have identical maps and a random start gives distinct ones; the width and depth controls rebuild
the network; the readout the browser tests parse is the summary of exactly the maps drawn.
"""

import json
import re

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from nnlib import data, mlp
from nnlib.activations import get_activation
from nnlib.widgets import training_playground
from nnlib.widgets.network import distinct_units, layout, map_summary, plane_grid, unit_maps
from nnlib.widgets.network_view import MAX_DEPTH, MAX_WIDTH, NetworkView
from nnlib.widgets.session import Session
from nnlib.widgets.style import FIG_WIDTH


def test_grid_covers_the_data_row_by_row():
    X, _ = data.circles(50, np.random.default_rng(0))
    grid, (x1_lo, x1_hi, x2_lo, x2_hi) = plane_grid(X, resolution=5, margin=0.4)
    assert grid.shape == (2, 25)
    assert x1_lo == pytest.approx(X[0].min() - 0.4) and x2_hi == pytest.approx(X[1].max() + 0.4)
    # column r * 5 + c is the point (x1[c], x2[r]): x1 varies fastest, x2 grows with the row
    assert np.all(np.diff(grid[0, :5]) > 0) and np.all(grid[1, :5] == x2_lo)
    assert np.all(grid[0, ::5] == x1_lo) and np.all(np.diff(grid[1, ::5]) > 0)
    with pytest.raises(ValueError, match=r"shape \(2, m\)"):
        plane_grid(np.zeros((3, 10)))


@pytest.mark.parametrize("hidden", ["tanh", "relu", "sigmoid"])
def test_unit_maps_are_the_forward_pass_on_the_grid(hidden):
    params = mlp.init_params([2, 5, 3, 1], np.random.default_rng(1), init="he_normal")
    params["b1"] = np.random.default_rng(2).normal(size=(5, 1))
    X, _ = data.moons(40, np.random.default_rng(3))
    grid, _ = plane_grid(X, resolution=7)
    maps = unit_maps(params, grid, hidden=hidden)
    _, cache = mlp.forward(params, grid, hidden=hidden)
    assert [m.shape for m in maps] == [(2, 7, 7), (5, 7, 7), (3, 7, 7), (1, 7, 7)]
    for l, layer in enumerate(maps):
        np.testing.assert_array_equal(layer.reshape(layer.shape[0], -1), cache[f"A{l}"])
    # independently of nnlib's forward: unit j of layer 1 at row r, column c is g(w_j . (x1[c], x2[r]) + b_j)
    g = get_activation(hidden).g
    x1, x2 = np.unique(grid[0]), np.unique(grid[1])
    for j in range(5):
        expected = g(params["W1"][j, 0] * x1[None, :] + params["W1"][j, 1] * x2[:, None] + params["b1"][j, 0])
        np.testing.assert_allclose(maps[1][j], expected, rtol=1e-12, atol=1e-14)


def test_unit_maps_refuse_stacked_networks_and_non_square_grids():
    stacked = mlp.init_params([2, 3, 1], np.random.default_rng(0), stack=2)
    with pytest.raises(ValueError, match="stacked"):
        unit_maps(stacked, np.zeros((2, 9)))
    one = mlp.init_params([2, 3, 1], np.random.default_rng(0))
    with pytest.raises(ValueError, match="square grid"):
        unit_maps(one, np.zeros((2, 10)))


def test_distinct_units_ignores_rounding_but_not_real_differences():
    base = np.random.default_rng(0).normal(size=(6, 6))
    same = np.stack([base] * 4)
    assert distinct_units(same) == 1
    assert distinct_units(same + 1e-13 * np.random.default_rng(1).normal(size=same.shape)) == 1
    two = same.copy()
    two[2] += 1e-3
    assert distinct_units(two) == 2
    assert distinct_units(np.random.default_rng(2).normal(size=(5, 6, 6))) == 5


@pytest.mark.parametrize("init, distinct", [("zeros", 1), ("constant", 1), ("he_normal", 6)])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_symmetric_starts_have_identical_maps_random_starts_distinct_ones(init, distinct, activation):
    s = Session("circles", init, activation=activation, hidden_sizes=(6, 6), m=60, seed=0)
    for _ in range(3):  # before and during training
        maps = unit_maps(s.params, plane_grid(s.X)[0], hidden=activation)
        assert [distinct_units(layer) for layer in maps[1:-1]] == [distinct, distinct]
        s.advance(20)


def test_map_summary_is_mean_min_max_of_every_hidden_unit():
    params = mlp.init_params([2, 4, 3, 1], np.random.default_rng(5))
    maps = unit_maps(params, plane_grid(np.random.default_rng(6).normal(size=(2, 30)), 6)[0])
    summary = map_summary(maps)
    assert [len(layer) for layer in summary] == [4, 3]
    unit = maps[2][1]
    assert summary[1][1] == pytest.approx([unit.mean(), unit.min(), unit.max()], abs=1e-6)


def test_layout_centres_every_layer_with_one_spacing():
    positions, spacing = layout([2, 5, 3, 1], height=1.0)
    assert spacing == pytest.approx(0.25)
    assert [p.shape for p in positions] == [(2, 2), (5, 2), (3, 2), (1, 2)]
    for l, p in enumerate(positions):
        assert np.all(p[:, 0] == l) and p[:, 1].mean() == pytest.approx(0.0)
        assert np.allclose(-np.diff(p[:, 1]), spacing)
    assert positions[1][0, 1] == pytest.approx(0.5)
    with pytest.raises(ValueError):
        layout([2, 0, 1])


def agg_figure(figsize, dpi=100):
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    return fig


def test_view_draws_one_map_per_unit_and_one_edge_per_weight():
    s = Session("xor", "he_normal", hidden_sizes=(5, 3), m=40, seed=1)
    view = NetworkView(agg_figure((FIG_WIDTH, 5.0), dpi=100), [2, 5, 3, 1])
    view.update(s)
    assert [len(layer) for layer in view.images] == [2, 5, 3, 1]
    assert len(view.edges.get_segments()) == 2 * 5 + 5 * 3 + 3 * 1
    np.testing.assert_array_equal(view.edges.get_array(),
                                  np.concatenate([s.params[f"W{l}"].ravel() for l in (1, 2, 3)]))
    np.testing.assert_array_equal(view.images[1][4].get_array(), view.maps[1][4])
    with pytest.raises(ValueError, match="draws layer sizes"):
        view.update(Session("xor", "he_normal", hidden_sizes=(4,), m=40, seed=1))
    with pytest.raises(ValueError, match="at most"):
        NetworkView(agg_figure((FIG_WIDTH, 5.0)), [2, *[4] * (MAX_DEPTH + 1), 1])
    with pytest.raises(ValueError, match="at most"):
        NetworkView(agg_figure((FIG_WIDTH, 5.0)), [2, MAX_WIDTH + 1, 1])


def shown_summary(pg):
    value = re.search(r'data-unit-maps="([^"]*)"', pg.network_readout.value).group(1)
    return json.loads(value.replace("&quot;", '"'))


def test_playground_readout_is_the_summary_of_nnlibs_maps_while_it_trains():
    pg = training_playground(m=60, steps_per_tick=10, hidden_sizes=(8, 8))
    for _ in range(3):
        s = pg.session
        expected = map_summary(unit_maps(s.params, plane_grid(s.X)[0], hidden=s.activation))
        assert shown_summary(pg) == expected
        assert "layer 1: 8 of 8, layer 2: 8 of 8" in pg.network_readout.value
        pg.step()
    assert pg.session.step == 30


def test_width_and_depth_controls_rebuild_the_network():
    pg = training_playground(m=60, steps_per_tick=10)
    assert (pg.width_slider.value, pg.depth_slider.value) == (16, 2)
    assert "bs-net-width" in pg.width_slider._dom_classes and "bs-net-depth" in pg.depth_slider._dom_classes
    assert "bs-network-figure" in pg.network_image._dom_classes
    first_image = pg.network_image.value
    pg.width_slider.value = 3
    pg.depth_slider.value = 4
    assert pg.session.hidden_sizes == (3, 3, 3, 3) and pg.session.step == 0
    assert pg.session.params["W4"].shape == (3, 3)
    assert pg.network_view.layer_sizes == [2, 3, 3, 3, 3, 1]
    assert len(shown_summary(pg)) == 4 and pg.network_image.value != first_image
    pg.init_menu.value = "zeros"  # the other controls keep the new architecture
    assert pg.session.hidden_sizes == (3, 3, 3, 3)
    assert "layer 1: 1 of 3" in pg.network_readout.value


def test_network_view_can_be_left_out():
    pg = training_playground(m=60, show_network=False)
    assert pg.network_image not in pg.children and pg.network_view is None
    pg.step()
    assert pg.session.step == 20


def test_blitted_network_frame_equals_a_full_redraw():
    pg = training_playground(m=60, steps_per_tick=10, hidden_sizes=(6, 6))
    pg.step()
    pg.init_menu.value = "constant"
    pg.step()
    pg.network_renderer.render()
    canvas = pg.network_fig.canvas
    blitted = np.asarray(canvas.buffer_rgba()).astype(int)
    for artist in pg.network_renderer.artists:
        artist.set_animated(False)
    canvas.draw()
    full = np.asarray(canvas.buffer_rgba()).astype(int)
    differ = np.abs(blitted - full).max(axis=-1) > 60
    assert differ.mean() < 0.002, f"{differ.mean():.2%} of the pixels differ from a full redraw"
