"""Training: stacked equals separate, the symmetry facts, divergence handling, history."""

import math

import numpy as np
import pytest
from conftest import binary_labels

from nnlib import mlp
from nnlib.data import circles
from nnlib.diagnostics import numerical_rank, unit_distance
from nnlib.train import NonFiniteLossError, train


@pytest.fixture
def data():
    return circles(200, np.random.default_rng(0), noise=0.1)


@pytest.mark.parametrize("batch_size", [None, 32])
@pytest.mark.parametrize("hidden", ["relu", "tanh"])
def test_stacked_training_equals_separate(data, batch_size, hidden):
    X, Y = data
    K = 5
    params = mlp.init_params([2, 8, 8, 1], np.random.default_rng(1), stack=K)
    trained, hist = train(params, X, Y, hidden=hidden, lr=0.5, steps=150, batch_size=batch_size,
                          rng=np.random.default_rng(2))
    for k in range(K):
        single = {key: v[k] for key, v in params.items()}
        got, h = train(single, X, Y, hidden=hidden, lr=0.5, steps=150, batch_size=batch_size,
                       rng=np.random.default_rng(2))  # the same batch order as the stacked run
        for key in got:
            np.testing.assert_allclose(trained[key][k], got[key], rtol=0, atol=1e-12)
        np.testing.assert_allclose(hist.loss[:, k], h.loss, rtol=0, atol=1e-12)


def test_training_learns_and_does_not_touch_input(data):
    X, Y = data
    params = mlp.init_params([2, 16, 1], np.random.default_rng(3))
    before = {k: v.copy() for k, v in params.items()}
    trained, hist = train(params, X, Y, lr=1.0, steps=1000)
    assert all(np.array_equal(before[k], params[k]) for k in params)
    assert hist.final_loss < 0.3 * hist.loss[0]
    assert hist.final_accuracy > 0.95
    assert hist.final_loss == pytest.approx(mlp.loss(trained, X, Y), rel=1e-12)


@pytest.mark.parametrize("hidden", ["tanh", "relu"])
def test_zero_init_weight_gradients_exactly_zero(data, hidden):
    X, Y = data
    params = mlp.init_params([2, 6, 5, 1], np.random.default_rng(0), init="zeros")
    _, cache = mlp.forward(params, X, hidden)
    grads = mlp.backward(params, cache, Y)
    assert all(not grads[f"dW{l}"].any() for l in (1, 2, 3))
    assert not grads["db1"].any() and not grads["db2"].any()
    trained, hist = train(params, X, Y, hidden=hidden, lr=0.5, steps=300)
    # only the output bias moves; the loss settles at the entropy of the label prior
    assert all(not trained[k].any() for k in ("W1", "b1", "W2", "b2", "W3"))
    prior = Y.mean()
    entropy = -(prior * math.log(prior) + (1 - prior) * math.log(1 - prior))
    assert hist.final_loss == pytest.approx(entropy, abs=1e-6)


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh"])
@pytest.mark.parametrize("init", [("zeros", {}), ("constant", {"value": 0.3})])
def test_symmetric_init_keeps_units_identical(data, hidden, init):
    X, Y = data
    # Unbalanced labels: with balanced ones and A = 0.5 everywhere, mean(dZ) = 0 and a zero-init
    # sigmoid net would not move at all.
    keep = (Y[0] == 0) | (np.arange(Y.shape[1]) % 2 == 0)
    X, Y = X[:, keep], Y[:, keep]
    name, hyper = init
    params = mlp.init_params([2, 6, 5, 1], np.random.default_rng(0), init=name, **hyper)
    trained, _ = train(params, X, Y, hidden=hidden, lr=0.5, steps=100)
    for l in (1, 2):
        # Identical in exact arithmetic; BLAS may round identical rows differently by an ulp, so the
        # distance is at rounding level, not exactly 0 (random init gives ~1, see the next test).
        assert unit_distance(trained[f"W{l}"], trained[f"b{l}"]) < 1e-13
        assert numerical_rank(trained[f"W{l}"]) <= 1
    if hidden == "sigmoid" or name == "constant":
        assert np.abs(trained["W2"]).max() > 0  # the weights did move — together


def test_random_init_breaks_symmetry(data):
    X, Y = data
    params = mlp.init_params([2, 6, 5, 1], np.random.default_rng(0), init="normal", std=1e-3)
    trained, _ = train(params, X, Y, hidden="tanh", lr=0.5, steps=100)
    assert unit_distance(trained["W1"], trained["b1"]) > 1e-3


def test_nonfinite_raises_with_step_layer_and_advice(data):
    X, Y = data
    params = mlp.init_params([2, 8, 8, 1], np.random.default_rng(0), init="normal", std=3.0)
    with pytest.raises(NonFiniteLossError, match=r"step \d+.*layer \d.*lr=50.*try lr=5"):
        train(params, X, Y, hidden="linear", lr=50.0, steps=200)


def test_nonfinite_recorded_and_others_continue(data):
    X, Y = data
    rng = np.random.default_rng(0)
    good = mlp.init_params([2, 8, 8, 1], rng, init="normal", std=0.5, stack=2)
    bad = mlp.init_params([2, 8, 8, 1], rng, init="normal", std=20.0, stack=1)
    params = {k: np.concatenate([good[k], bad[k]]) for k in good}
    trained, hist = train(params, X, Y, hidden="linear", lr=0.05, steps=100, on_nonfinite="record")
    assert hist.nonfinite_step[:2].tolist() == [-1, -1] and hist.nonfinite_step[2] >= 0
    assert np.all(np.isfinite(hist.loss[:, :2])) and np.isnan(hist.final_loss[2])
    assert all(np.all(np.isfinite(v)) for v in trained.values())  # the diverged net keeps its last finite state


def test_history_records_and_steps_to(data):
    X, Y = data
    params = mlp.init_params([2, 16, 1], np.random.default_rng(4), stack=3)
    _, hist = train(params, X, Y, lr=1.0, steps=250, record_every=50)
    assert hist.step.tolist() == [0, 50, 100, 150, 200, 250]
    assert hist.loss.shape == (6, 3) and hist.accuracy.shape == (6, 3)
    first = hist.steps_to(0.9)
    for k in range(3):
        reached = np.flatnonzero(hist.accuracy[:, k] >= 0.9)
        assert (first[k] == hist.step[reached[0]]) if reached.size else np.isnan(first[k])
    assert np.isnan(hist.steps_to(1.01)).all()


def test_stats_every(data):
    X, Y = data
    params = mlp.init_params([2, 7, 6, 1], np.random.default_rng(0))
    _, hist = train(params, X, Y, lr=0.1, steps=30, stats_every=10)
    assert hist.stats_step.tolist() == [0, 10, 20]
    assert hist.stats["std"].shape == (3, 2) and hist.stats["grad_norm"].shape == (3, 3)


def test_minibatch_and_dropout_are_reproducible(data):
    X, Y = data
    params = mlp.init_params([2, 16, 1], np.random.default_rng(0))
    runs = [train(params, X, Y, lr=0.5, steps=60, batch_size=25, keep_prob=0.7, rng=np.random.default_rng(9))
            for _ in range(2)]
    np.testing.assert_array_equal(runs[0][1].loss, runs[1][1].loss)
    other = train(params, X, Y, lr=0.5, steps=60, batch_size=25, keep_prob=0.7, rng=np.random.default_rng(10))
    assert not np.array_equal(runs[0][1].loss, other[1].loss)


def test_dropout_breaks_constant_symmetry_but_not_zero_tanh(data):
    X, Y = data
    rng = np.random.default_rng(0)
    const = mlp.init_params([2, 8, 1], rng, init="constant", value=0.3)
    trained, _ = train(const, X, Y, hidden="tanh", lr=0.5, steps=100, keep_prob=0.8, rng=rng)
    assert unit_distance(trained["W1"], trained["b1"]) > 1e-3
    zero = mlp.init_params([2, 8, 1], rng, init="zeros")
    trained, _ = train(zero, X, Y, hidden="tanh", lr=0.5, steps=100, keep_prob=0.8, rng=rng)
    assert not trained["W1"].any() and not trained["W2"].any()


def test_progress_bar_runs(data, capsys):
    X, Y = data
    params = mlp.init_params([2, 4, 1], np.random.default_rng(0))
    _, hist = train(params, X, Y, steps=120, progress=True)
    assert "training" in capsys.readouterr().err
    assert hist.step[-1] == 120


def test_zero_steps_records_initial_state(data):
    X, Y = data
    params = mlp.init_params([2, 4, 1], np.random.default_rng(0), init="zeros")
    trained, hist = train(params, X, Y, steps=0)
    assert hist.step.tolist() == [0] and hist.final_loss == pytest.approx(math.log(2))


def test_softmax_training(rng):
    from nnlib.data import blobs

    X, Y = blobs(300, rng, centers=3)
    params = mlp.init_params([2, 16, 3], rng, stack=2)
    _, hist = train(params, X, Y, output="softmax", lr=0.5, steps=300)
    assert np.all(hist.final_accuracy > 0.9)
    Yb = binary_labels(rng, 1, 5)
    assert Yb.shape == (1, 5)


@pytest.mark.parametrize("kw", [{}, {"batch_size": 32, "stats_every": 3}, {"output": "softmax", "record_every": 4}])
def test_training_a_stack_in_parts_gives_the_same_bits(monkeypatch, kw):
    """train() splits big stacks into cache-sized parts (nnlib.stacking.stack_parts); nothing may change."""
    import nnlib.stacking

    rng = np.random.default_rng(11)
    n_out = 3 if kw.get("output") == "softmax" else 1
    X = rng.standard_normal((2, 120))
    Y = np.eye(3)[rng.integers(0, 3, 120)].T if n_out == 3 else (X[:1] * X[1:] > 0).astype(float)
    params = mlp.init_params([2, 16, 16, n_out], rng, stack=10, init="xavier_normal")
    params["W1"][[2, 7]] *= 1e200  # two networks diverge (in different parts)
    kw = {**kw, "rng": np.random.default_rng(3)} if "batch_size" in kw else kw
    runs = {}
    m_step = kw.get("batch_size", 120)
    for chunk_bytes in (2**40, 4 * 16 * m_step * 8):  # one part; parts of at most 4 networks
        monkeypatch.setattr(nnlib.stacking, "CHUNK_BYTES", chunk_bytes)
        parts = nnlib.stacking.stack_parts(params, m_step)
        assert len(parts) == (1 if chunk_bytes == 2**40 else 3)
        kwc = {**kw, "rng": np.random.default_rng(3)} if "rng" in kw else kw
        with pytest.raises(NonFiniteLossError) as err:
            train(params, X, Y, hidden="relu", lr=0.5, steps=12, **kwc)
        kwc = {**kw, "rng": np.random.default_rng(3)} if "rng" in kw else kw
        runs[chunk_bytes] = (str(err.value), *train(params, X, Y, hidden="relu", lr=0.5, steps=12,
                                                     on_nonfinite="record", **kwc))
    (msg_a, p_a, h_a), (msg_b, p_b, h_b) = runs.values()
    assert msg_a == msg_b and "[2, 7]" in msg_a
    assert all(np.array_equal(p_a[k], p_b[k]) for k in p_a)
    assert list(h_a.nonfinite_step) == list(h_b.nonfinite_step) and h_a.nonfinite_step[2] >= 0
    for name in ("step", "loss", "accuracy", "stats_step"):
        assert np.array_equal(getattr(h_a, name), getattr(h_b, name), equal_nan=name != "step")
    assert h_a.stats.keys() == h_b.stats.keys()
    assert all(np.array_equal(h_a.stats[k], h_b.stats[k], equal_nan=True) for k in h_a.stats)


class _RecordingBar:
    """Stands in for tqdm: records what train's progress bar is told."""

    made = []

    def __init__(self, **kwargs):
        self.kwargs, self.n, self.shown, self.closed, self.postfix = kwargs, 0, [], False, None
        _RecordingBar.made.append(self)

    def update(self, k):
        # tqdm redraws on update: what the learner sees is the count with the postfix set by then
        self.n += k
        self.shown.append((self.n, self.postfix))

    def set_postfix(self, refresh=True, **kwargs):
        self.postfix = kwargs

    def close(self):
        self.closed = True


def test_progress_bar_counts_every_step_and_shows_the_recorded_loss(data, monkeypatch):
    import tqdm.auto

    monkeypatch.setattr(tqdm.auto, "tqdm", _RecordingBar)
    _RecordingBar.made.clear()
    X, Y = data
    _, hist = train(mlp.init_params([2, 4, 1], np.random.default_rng(0)), X, Y, steps=120, progress=True)
    (bar,) = _RecordingBar.made
    assert bar.kwargs == {"total": 120, "desc": "training", "unit": "step"} and bar.closed
    # every 50 steps and at the last one: the count so far, drawn with the loss recorded at that step
    # (not the one of the previous redraw)
    assert [n for n, _ in bar.shown] == [1, 51, 101, 120] and bar.n == 120
    for n, postfix in bar.shown:
        assert postfix is not None and postfix["loss"] == f"{hist.loss[n - 1]:.4f}"


@pytest.mark.parametrize(("m", "batch_size"), [(12, 4), (10, 5), (10, 3)])
@pytest.mark.parametrize("lead", [(), (2,)])
def test_minibatches_visit_every_column_once_per_epoch(m, batch_size, lead, rng):
    from nnlib.train import minibatches

    n_x = 3  # != m, and != the stacking size
    X = np.broadcast_to(np.arange(float(m)), lead + (n_x, m))  # column j holds j
    Y = -np.broadcast_to(np.arange(float(m)), lead + (1, m))
    per_epoch = m // batch_size  # an incomplete last batch is dropped
    batches = list(minibatches(X, Y, 3 * per_epoch, batch_size, rng))
    assert len(batches) == 3 * per_epoch
    for epoch in range(3):
        cols = []
        for Xb, Yb in batches[epoch * per_epoch:(epoch + 1) * per_epoch]:
            assert Xb.shape == lead + (n_x, batch_size) and np.array_equal(Yb[..., 0, :], -Xb[..., 0, :])
            cols.extend(Xb[(0,) * len(lead) + (0,)].astype(int).tolist())
        assert len(set(cols)) == len(cols) == per_epoch * batch_size  # no column twice in an epoch
        if m % batch_size == 0:
            assert sorted(cols) == list(range(m))


# --- train's arguments, defaults and bookkeeping, each against what its docstring promises -------------------

TRAIN_ERRORS = [
    ({"batch_size": 0}, ValueError, r"^batch_size must be an integer >= 1, got 0$"),
    ({"batch_size": 2.5}, TypeError, r"^batch_size must be an integer >= 1, got 2.5 \(float\)$"),
    ({"batch_size": 8}, TypeError, r"^train with mini-batches or dropout: rng must be a numpy.random.Generator"),
    ({"keep_prob": 0.5}, TypeError, r"^train with mini-batches or dropout: rng must be a numpy.random.Generator"),
    ({"record_every": 0}, ValueError, r"^record_every must be an integer >= 1, got 0$"),
    ({"record_every": 1.5}, TypeError, r"^record_every must be an integer >= 1, got 1.5 \(float\)$"),
    ({"stats_every": 0}, ValueError, r"^stats_every must be an integer >= 1, got 0$"),
    ({"stats_every": 1.5}, TypeError, r"^stats_every must be an integer >= 1, got 1.5 \(float\)$"),
    ({"hidden": "softplus"}, ValueError, r"^unknown hidden activation 'softplus'; valid names: \["),
    ({"on_nonfinite": "ignore"}, ValueError, r"^unknown on_nonfinite 'ignore'; valid names: \['raise', 'record'\]$"),
]


@pytest.mark.parametrize(("kwargs", "error", "message"), TRAIN_ERRORS, ids=range(len(TRAIN_ERRORS)))
def test_bad_arguments_name_themselves(kwargs, error, message, rng):
    X, Y = rng.standard_normal((2, 20)), binary_labels(rng, 1, 20)
    with pytest.raises(error, match=message):
        train(mlp.init_params([2, 3, 1], rng), X, Y, steps=2, **kwargs)


def test_labels_must_be_one_hot_for_softmax(rng):
    X, Y = rng.standard_normal((2, 4)), np.eye(3)[:, [0, 1, 2, 0]]
    Y[2, 0] = 1.0
    with pytest.raises(ValueError, match="one-hot"):
        train(mlp.init_params([2, 3, 3], rng), X, Y, output="softmax", steps=1)


def test_defaults_are_lr_0_1_and_1000_steps_without_a_bar(data, monkeypatch):
    import tqdm.auto

    monkeypatch.setattr(tqdm.auto, "tqdm", _RecordingBar)
    _RecordingBar.made.clear()
    X, Y = data
    params = mlp.init_params([2, 4, 1], np.random.default_rng(0))
    _, hist = train(params, X, Y)
    assert hist.step[-1] == 1000 and not _RecordingBar.made
    one, _ = train(params, X, Y, steps=1)
    _, cache = mlp.forward(params, X)  # relu hidden, sigmoid output by default
    grads = mlp.backward(params, cache, Y)
    for k in params:
        np.testing.assert_allclose(one[k], params[k] - 0.1 * grads["d" + k], rtol=1e-13, atol=1e-15)


def test_a_batch_as_large_as_the_set_is_allowed(rng):
    X, Y = rng.standard_normal((2, 12)), binary_labels(rng, 1, 12)
    _, hist = train(mlp.init_params([2, 3, 1], rng), X, Y, steps=3, batch_size=12, rng=rng)
    assert hist.step.tolist() == [0, 1, 2, 3]


def test_stacked_inputs_and_labels_train_each_network_on_its_own_set(rng):
    K, m = 3, 10
    X, Y = rng.standard_normal((K, 2, m)), binary_labels(rng, 1, m, (K,))
    params = mlp.init_params([2, 4, 1], rng, stack=K)
    trained, hist = train(params, X, Y, hidden="tanh", lr=0.5, steps=20)
    for k in range(K):
        single, h = train({key: v[k] for key, v in params.items()}, X[k], Y[k], hidden="tanh", lr=0.5, steps=20)
        np.testing.assert_allclose(trained["W1"][k], single["W1"], rtol=0, atol=1e-12)
        np.testing.assert_allclose(hist.loss[:, k], h.loss, rtol=0, atol=1e-12)


def test_integer_params_train_like_float_params(rng):
    X, Y = rng.standard_normal((2, 10)), binary_labels(rng, 1, 10)
    ints = {"W1": np.array([[1, -1], [0, 2], [1, 1]]), "b1": np.zeros((3, 1), dtype=int),
            "W2": np.array([[1, -2, 1]]), "b2": np.zeros((1, 1), dtype=int)}
    got, _ = train(ints, X, Y, hidden="tanh", steps=5)
    expected, _ = train({k: v.astype(float) for k, v in ints.items()}, X, Y, hidden="tanh", steps=5)
    assert all(np.array_equal(got[k], expected[k]) for k in got)


def test_records_are_without_dropout_on_the_full_batch(rng):
    X, Y = rng.standard_normal((2, 30)), binary_labels(rng, 1, 30)
    params = mlp.init_params([2, 8, 1], rng)
    trained, hist = train(params, X, Y, lr=0.3, steps=4, keep_prob=0.5, rng=np.random.default_rng(1))
    assert hist.loss[0] == pytest.approx(mlp.loss(params, X, Y), rel=1e-13)
    assert hist.loss[-1] == pytest.approx(mlp.loss(trained, X, Y), rel=1e-13)


def test_a_diverging_run_emits_no_floating_point_warnings(data):
    import warnings

    X, Y = data
    rng = np.random.default_rng(0)
    params = mlp.init_params([2, 8, 8, 1], rng, init="normal", std=20.0, stack=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # overflow and inf - inf are expected here, and recorded, not warned
        _, hist = train(params, X, Y, hidden="linear", lr=0.05, steps=50, on_nonfinite="record")
    assert np.any(hist.nonfinite_step >= 0)


def test_a_divergence_caused_by_dropouts_scaling_is_reported(rng):
    # one linear unit kept (scaled by 1/keep_prob = 2) turns a finite 1e308 output into inf
    params = {"W1": np.ones((1, 1)), "b1": np.zeros((1, 1)), "W2": np.full((1, 1), 1e308), "b2": np.zeros((1, 1))}
    X, Y = np.ones((1, 1)), np.ones((1, 1))
    with pytest.raises(NonFiniteLossError, match=r"^the loss became non-finite at step 0: Z2 \(layer 2\)"):
        train(params, X, Y, hidden="linear", steps=1, keep_prob=0.5, rng=np.random.default_rng(2))


def test_two_parts_name_the_diverged_network_of_the_first(monkeypatch):
    import nnlib.stacking

    rng = np.random.default_rng(11)
    X = rng.standard_normal((2, 60))
    Y = (X[:1] > 0).astype(float)
    params = mlp.init_params([2, 16, 1], rng, stack=6)
    params["W1"][1] *= 1e200
    monkeypatch.setattr(nnlib.stacking, "CHUNK_BYTES", 3 * 16 * 60 * 8)
    assert len(nnlib.stacking.stack_parts(params, 60)) == 2
    with pytest.raises(NonFiniteLossError, match=r"for stacked network\(s\) \[1\]:"):
        train(params, X, Y, lr=0.5, steps=3)


def test_a_stack_with_dropout_is_not_split_into_parts(monkeypatch):
    # dropout masks come from one rng for the whole stack: splitting would change them
    import nnlib.stacking

    rng = np.random.default_rng(12)
    X, Y = rng.standard_normal((2, 60)), binary_labels(rng, 1, 60)
    params = mlp.init_params([2, 16, 16, 1], rng, stack=6)  # two hidden layers: per-part masks would interleave
    runs = []
    for chunk_bytes in (2**40, 4 * 16 * 60 * 8):
        monkeypatch.setattr(nnlib.stacking, "CHUNK_BYTES", chunk_bytes)
        runs.append(train(params, X, Y, lr=0.5, steps=5, keep_prob=0.7, rng=np.random.default_rng(4))[0])
    assert len(nnlib.stacking.stack_parts(params, 60)) == 2  # without dropout this stack would be split
    assert all(np.array_equal(runs[0][k], runs[1][k]) for k in params)


def test_a_mini_batch_step_uses_the_first_columns_of_rngs_permutation(rng):
    X, Y = rng.standard_normal((2, 20)), binary_labels(rng, 1, 20)
    params = mlp.init_params([2, 5, 1], rng)
    one, _ = train(params, X, Y, hidden="tanh", lr=0.5, steps=1, batch_size=6, rng=np.random.default_rng(9))
    idx = np.random.default_rng(9).permutation(20)[:6]
    _, cache = mlp.forward(params, X[:, idx], "tanh")
    grads = mlp.backward(params, cache, Y[:, idx])
    for k in params:
        np.testing.assert_allclose(one[k], params[k] - 0.5 * grads["d" + k], rtol=1e-13, atol=1e-15)
