"""nnlib.plots: every function draws on small data, returns what it drew on, and validates its input."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402

from nnlib import data, plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def scatters(ax):
    # contour sets are Collections too, but not PathCollections: these are the data points
    return [c for c in ax.collections if type(c) is PathCollection]


def legend_texts(ax):
    legend = ax.get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]


# --- decision_boundary ----------------------------------------------------------------------------

def sigmoid_of_radius(G):
    return 1 / (1 + np.exp(-(np.sum(G**2, axis=0, keepdims=True) - 0.5) * 10))


@pytest.mark.parametrize(
    "predict",
    [sigmoid_of_radius,                                              # probability in [0, 1]
     lambda G: np.sum(G**2, axis=0, keepdims=True) - 0.5,            # a logit
     lambda G: np.full((1, G.shape[-1]), 0.5)],                      # a symmetric (zero-init) net
    ids=["probability", "logit", "constant"],
)
def test_decision_boundary_binary(predict):
    X, Y = data.circles(60, np.random.default_rng(0))
    ax = plots.decision_boundary(predict, X, Y, resolution=30, title="circles")
    assert isinstance(ax, matplotlib.axes.Axes)
    points = scatters(ax)
    assert len(points) == 2 and sum(len(p.get_offsets()) for p in points) == 60
    assert legend_texts(ax) == ["class 0", "class 1"]
    assert ax.get_title() == "circles" and ax.get_xlabel() and ax.get_ylabel()
    assert len(ax.collections) > 2  # the shaded prediction is there too


def test_decision_boundary_multiclass_on_given_ax():
    X, Y = data.blobs(90, np.random.default_rng(0), centers=3)
    centres = (X @ Y.swapaxes(-1, -2)) / Y.sum(axis=-1)

    def nearest_centre(G):
        return -np.linalg.norm(G[:, None, :] - centres[:, :, None], axis=0)  # (3, n)

    fig, ax = plt.subplots()
    assert plots.decision_boundary(nearest_centre, X, Y, ax=ax, resolution=25) is ax
    assert len(scatters(ax)) == 3
    assert legend_texts(ax) == ["class 0", "class 1", "class 2"]


@pytest.mark.parametrize(
    ("predict", "X", "Y", "error", "match"),
    [("not callable", np.zeros((2, 4)), np.zeros((1, 4)), TypeError, "predict"),
     (sigmoid_of_radius, np.zeros((3, 4)), np.zeros((1, 4)), ValueError, r"X must .*\(3, 4\)"),
     (sigmoid_of_radius, np.zeros((2, 4)), np.zeros((1, 5)), ValueError, r"Y .*\(1, 5\)"),
     (lambda G: G[0], np.zeros((2, 4)), np.zeros((1, 4)), ValueError, "predict must return")],
)
def test_decision_boundary_bad_input(predict, X, Y, error, match):
    with pytest.raises(error, match=match):
        plots.decision_boundary(predict, X, Y, resolution=10)


# --- loss_curves ----------------------------------------------------------------------------------

def test_loss_curves_single():
    steps = np.arange(0, 100, 10)
    ax = plots.loss_curves(steps, np.exp(-steps / 50), title="training")
    assert len(ax.get_lines()) == 1 and ax.get_legend() is None
    assert ax.get_xlabel() == "step" and ax.get_ylabel() == "loss" and ax.get_title() == "training"
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), steps)


def test_loss_curves_few_labelled_log_scale():
    steps = np.arange(50)
    losses = np.exp(-np.outer(steps, [0.01, 0.05, 0.1]))
    ax = plots.loss_curves(steps, losses, labels=["zeros", "xavier", "he"], logy=True)
    assert len(ax.get_lines()) == 3
    assert legend_texts(ax) == ["zeros", "xavier", "he"]
    assert ax.get_yscale() == "log"


def test_loss_curves_many_seeds_draw_the_median():
    steps = np.arange(20)
    losses = np.random.default_rng(0).uniform(0.1, 1.0, (20, 40))
    ax = plots.loss_curves(steps, losses)
    assert len(ax.get_lines()) == 41
    assert legend_texts(ax) == ["median of 40"]
    np.testing.assert_allclose(ax.get_lines()[-1].get_ydata(), np.median(losses, axis=-1))
    assert max(line.get_linewidth() for line in ax.get_lines()[:-1]) < ax.get_lines()[-1].get_linewidth()


@pytest.mark.parametrize(
    ("steps", "losses", "labels", "match"),
    [(np.arange(5), np.zeros(6), None, r"steps .*\(5,\).*\(6,\)"),
     (np.arange(5), np.zeros((5, 2)), ["only one"], "labels"),
     (np.arange(5), np.zeros((5, 20)), ["x"] * 20, "labels"),
     (np.zeros((5, 1)), np.zeros(5), None, "steps")],
)
def test_loss_curves_bad_input(steps, losses, labels, match):
    with pytest.raises(ValueError, match=match):
        plots.loss_curves(steps, losses, labels=labels)


# --- layer_histograms -----------------------------------------------------------------------------

def test_layer_histograms_new_figure():
    rng = np.random.default_rng(0)
    activations = [rng.standard_normal((8, 30)), np.tanh(rng.standard_normal((8, 30))), rng.uniform(size=50)]
    axes = plots.layer_histograms(activations, bins=12, range=(-10, 10))
    assert isinstance(axes, np.ndarray) and axes.shape == (3,)
    assert [ax.get_title() for ax in axes] == ["layer 1", "layer 2", "layer 3"]
    for ax, A in zip(axes, activations, strict=True):
        assert len(ax.patches) == 12
        assert sum(p.get_height() for p in ax.patches) == A.size


def test_layer_histograms_given_axes_titles_and_non_finite():
    fig, given = plt.subplots(1, 2)
    A = np.array([1.0, 2.0, np.inf, np.nan, 3.0])
    axes = plots.layer_histograms([A, np.ones((2, 2))], axes=given, bins=5, titles=["A1", "A2"])
    assert list(axes) == list(given)
    assert axes[0].get_title() == "A1\n(2 non-finite)" and axes[1].get_title() == "A2"
    assert sum(p.get_height() for p in axes[0].patches) == 3


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"activations": []}, "activations"),
     ({"activations": [np.zeros(3)] * 2, "titles": ["one"]}, "titles"),
     ({"activations": [np.zeros(3)] * 3, "axes": [None, None]}, "axes")],
)
def test_layer_histograms_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        plots.layer_histograms(**kwargs)


# --- layer_profile --------------------------------------------------------------------------------

def test_layer_profile_single_against_layer_index():
    ax = plots.layer_profile([1.0, 0.5, 0.25, 0.125], label="std", logy=True, ylabel="std of A")
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3, 4])
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "std of A" and ax.get_xlabel() == "layer"
    assert legend_texts(ax) == ["std"]


def test_layer_profile_several_and_many():
    values = np.random.default_rng(0).uniform(size=(3, 6))
    ax = plots.layer_profile(values, label=["a", "b", "c"])
    assert len(ax.get_lines()) == 3 and legend_texts(ax) == ["a", "b", "c"]
    ax = plots.layer_profile(np.ones((30, 6)))
    assert len(ax.get_lines()) == 31 and legend_texts(ax) == ["median of 30"]


@pytest.mark.parametrize(("values", "label"), [(np.zeros((2, 3, 4)), None), (np.zeros((2, 4)), "one")])
def test_layer_profile_bad_input(values, label):
    with pytest.raises(ValueError, match="values|labels"):
        plots.layer_profile(values, label=label)
