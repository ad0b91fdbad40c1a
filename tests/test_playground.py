"""nnlib.widgets.session.Session: chunked training equals one train() call; zero init stays at ln 2."""

import numpy as np
import pytest

from nnlib import data, mlp
from nnlib.train import train
from nnlib.widgets.session import DATASET_NAMES, INIT_HYPER, Session


def test_chunks_equal_one_train_call():
    s = Session("moons", "xavier_normal", scale=1.0, activation="tanh", lr=0.3, m=100, seed=5)
    start = {k: v.copy() for k, v in s.params.items()}
    for _ in range(5):
        s.advance(20)
    params, hist = train(start, s.X, s.Y, hidden="tanh", lr=0.3, steps=100)
    for k in params:
        np.testing.assert_allclose(s.params[k], params[k], rtol=1e-12, atol=1e-14)
    assert s.step == 100 and s.steps == [0, 20, 40, 60, 80, 100]
    assert s.loss == pytest.approx(float(hist.final_loss), rel=1e-12)


def test_same_seed_same_session_and_scale_multiplies_the_initializer():
    a = Session("circles", "he_normal", scale=0.5, m=60, seed=2)
    b = Session("circles", "he_normal", scale=0.5, m=60, seed=2)
    np.testing.assert_array_equal(a.X, b.X)
    assert a.advance(10) == b.advance(10)
    rng = np.random.default_rng(2)
    X, _ = data.load("circles", 60, rng)
    reference = mlp.init_params([2, 16, 16, 1], rng, init="he_normal")
    c = Session("circles", "he_normal", scale=0.5, m=60, seed=2)
    np.testing.assert_array_equal(c.X, X)
    np.testing.assert_allclose(c.params["W2"], 0.5 * reference["W2"])


def test_he_init_learns_circles_and_zero_init_stays_at_ln2():
    good = Session("circles", "he_normal", activation="tanh", m=200, seed=0)
    first = good.loss
    for _ in range(10):
        good.advance(50)
    assert good.loss < 0.5 * first and good.accuracies[-1] > 0.9
    zero = Session("circles", "zeros", activation="tanh", m=200, seed=0)
    zero.advance(200)
    # balanced labels: the output bias stays at 0, every weight gradient is exactly 0
    assert zero.loss == pytest.approx(np.log(2), abs=1e-12)
    assert all(np.all(zero.params[f"W{l}"] == 0) for l in (1, 2, 3))


def test_divergence_is_recorded_not_raised():
    s = Session("xor", "normal", scale=1.0, activation="linear", lr=10.0, m=50, seed=0)
    for _ in range(20):
        s.advance(20)
        if s.diverged:
            break
    assert s.diverged and not np.isfinite(s.loss)
    step = s.step
    s.advance(20)  # a diverged session no longer trains
    assert s.step == step


def test_predict_shape_and_range():
    s = Session("spirals", "orthogonal", m=50)
    grid = np.random.default_rng(0).uniform(-1, 1, (2, 30))
    p = s.predict(grid)
    assert p.shape == (1, 30) and np.all((p >= 0) & (p <= 1))


def test_every_offered_dataset_and_initializer_builds():
    for name in DATASET_NAMES:
        assert Session(name, m=20).X.shape == (2, 20)
    for init in INIT_HYPER:
        assert np.isfinite(Session("moons", init, m=20).loss)


@pytest.mark.parametrize("kwargs, match", [
    ({"dataset": "mnist"}, "valid names"), ({"init": "glorot"}, "valid names"), ({"scale": 0}, "scale"),
    ({"lr": -1}, "lr"), ({"activation": "gelu"}, "valid names"),
])
def test_bad_settings_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Session(**kwargs)
