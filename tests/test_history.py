"""nnlib.history: what a training run records — steps_to, the divergence bookkeeping and its error message."""

import numpy as np
import pytest
from conftest import binary_labels, onehot_labels

from nnlib import mlp
from nnlib.history import History, TrainingLog, nonfinite_error
from nnlib.train import train


def test_steps_to_counts_reaching_the_target_exactly_and_gives_a_float():
    hist = History(step=np.array([0, 10, 20]), loss=np.zeros(3), accuracy=np.array([0.5, 0.9, 1.0]))
    assert hist.steps_to(0.9) == 10.0 and type(hist.steps_to(0.9)) is float  # >= : reaching 0.9 counts
    assert np.isnan(hist.steps_to(1.01))


def test_steps_to_of_a_stack_is_per_network():
    acc = np.array([[0.5, 0.5, 0.2], [0.9, 0.6, 0.95], [1.0, 0.7, 0.99]])  # network 1 never reaches 0.9
    hist = History(step=np.array([0, 10, 20]), loss=np.zeros((3, 3)), accuracy=acc)
    got = hist.steps_to(0.9)
    assert got.shape == (3,) and got[0] == 10 and np.isnan(got[1]) and got[2] == 10


def test_a_network_once_diverged_stays_dead_and_keeps_its_first_step():
    log = TrainingLog(None, None, "relu", "sigmoid", (3,))
    finite = np.zeros((3, 1, 4))
    one_dead, other_dead = finite.copy(), finite.copy()
    one_dead[1, 0, 2] = np.nan
    other_dead[2, 0, 0] = np.inf  # network 1 is finite again in this pass: it must stay dead
    assert log.check_finite(0, {"L": 1, "Z1": finite}, "record") and log.moving() is None
    assert log.check_finite(3, {"L": 1, "Z1": one_dead}, "record")
    assert log.check_finite(5, {"L": 1, "Z1": other_dead}, "record")
    assert log.alive.tolist() == [True, False, False] and log.dead_at.tolist() == [-1, 3, 5]
    assert log.moving().tolist() == [True, False, False]
    assert not log.check_finite(6, {"L": 1, "Z1": one_dead}, "raise")


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_records_are_mlp_loss_and_accuracy_on_the_whole_set(output, rng):
    X = rng.standard_normal((3, 40))
    n_out = 1 if output == "sigmoid" else 3
    Y = binary_labels(rng, 1, 40) if output == "sigmoid" else onehot_labels(rng, 3, 40)
    params = mlp.init_params([3, 5, n_out], rng)
    for batch_size in (None, 8):  # with mini-batches the record is a separate pass on the whole set
        trained, hist = train(params, X, Y, hidden="tanh", output=output, lr=0.3, steps=20, batch_size=batch_size,
                              rng=np.random.default_rng(1), record_every=20)
        assert hist.step.tolist() == [0, 20]
        for k, p in ((0, params), (1, trained)):
            assert hist.loss[k] == pytest.approx(mlp.loss(p, X, Y, "tanh", output), rel=1e-12)
            assert hist.accuracy[k] == mlp.accuracy(p, X, Y, "tanh", output)


def test_stats_recorded_once_when_stats_every_exceeds_the_steps(rng):
    X, Y = rng.standard_normal((2, 10)), binary_labels(rng, 1, 10)
    _, hist = train(mlp.init_params([2, 4, 1], rng), X, Y, steps=5, stats_every=10)
    assert hist.stats_step.tolist() == [0] and hist.stats["std"].shape == (1, 1)


def _cache(*finite_layers, lead=()):
    cache = {"L": len(finite_layers)}
    for l, ok in enumerate(finite_layers, start=1):
        Z = np.ones(lead + (2, 3))
        if not ok:
            Z[..., 0, 1] = np.inf
        cache[f"Z{l}"] = Z
    return cache


def test_nonfinite_error_names_the_step_the_first_bad_layer_and_a_smaller_lr():
    error = nonfinite_error(7, _cache(True, False, False), np.ones((), dtype=bool), 50.0)
    assert str(error) == (
        "the loss became non-finite at step 7: Z2 (layer 2) holds nan/inf. The learning rate lr=50.0 (or the "
        "initial weight scale) is probably too large — try lr=5. Pass on_nonfinite='record' to record the "
        "divergence and continue.")
    assert "Z1 (layer 1)" in str(nonfinite_error(0, _cache(False, False), np.ones((), dtype=bool), 0.1))


def test_nonfinite_error_of_a_stack_names_the_networks_that_just_diverged():
    cache = _cache(True, True, lead=(4,))
    cache["Z2"][1:3, 0, 0] = np.nan  # networks 1 and 2 diverge now; network 0 diverged earlier (not alive)
    cache["Z2"][0, 0, 0] = np.inf
    alive = np.array([False, True, True, True])
    message = str(nonfinite_error(3, cache, alive, 0.5))
    assert message.startswith("the loss became non-finite at step 3 for stacked network(s) [1, 2]: Z2 (layer 2)")


def test_steps_to_defaults_to_90_percent():
    hist = History(step=np.array([0, 10, 20]), loss=np.zeros(3), accuracy=np.array([0.5, 0.9, 0.95]))
    assert hist.steps_to() == hist.steps_to(0.9) == 10.0
