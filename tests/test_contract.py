"""Every name of the nnlib contract (course design §3) exists with the documented signature."""

import inspect

import pytest

import nnlib.activations
import nnlib.data
import nnlib.diagnostics
import nnlib.gradcheck
import nnlib.initializers
import nnlib.mlp
import nnlib.plots
import nnlib.train
import nnlib.widgets


def params_of(func):
    return list(inspect.signature(func).parameters)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "linear"])
def test_activations(name):
    # each activation is exported with its derivative, and the registry and get_activation hand out those functions
    act = nnlib.activations.get_activation(name)
    assert nnlib.activations.ACTIVATIONS[name] is act
    assert act.g is getattr(nnlib.activations, name)
    assert act.g_prime is getattr(nnlib.activations, f"{name}_prime")


def test_activation_registry():
    assert set(nnlib.activations.ACTIVATIONS) == {"sigmoid", "tanh", "relu", "linear"}


HYPER = {"zeros": [], "constant": ["value"], "normal": ["std"], "uniform": ["limit"], "lecun_normal": [],
         "xavier_normal": ["gain"], "xavier_uniform": ["gain"], "he_normal": ["mode"], "he_uniform": ["mode"],
         "orthogonal": ["gain"]}


@pytest.mark.parametrize("name", sorted(HYPER))
def test_initializer_signatures(name):
    func = getattr(nnlib.initializers, name)
    assert params_of(func) == ["shape", "rng", *HYPER[name]]
    assert nnlib.initializers.INITIALIZERS[name] is func


def test_mlp_signatures():
    init = inspect.signature(nnlib.mlp.init_params).parameters
    assert list(init)[:4] == ["layer_sizes", "rng", "init", "stack"] and init["init"].default == "he_normal"
    assert init["stack"].default is None and any(p.kind is p.VAR_KEYWORD for p in init.values())
    fwd = inspect.signature(nnlib.mlp.forward).parameters
    assert list(fwd)[:4] == ["params", "X", "hidden", "output"]
    assert fwd["hidden"].default == "relu" and fwd["output"].default == "sigmoid"
    assert params_of(nnlib.mlp.backward) == ["params", "cache", "Y"]
    assert params_of(nnlib.mlp.loss) == ["params", "X", "Y", "hidden", "output"]


def test_other_modules():
    assert callable(nnlib.train.train)
    for name in ("numerical_grads", "grad_check", "relative_error"):
        assert callable(getattr(nnlib.gradcheck, name))
    for name in ("layer_stats", "measure", "unit_distance", "numerical_rank", "symmetry"):
        assert callable(getattr(nnlib.diagnostics, name))
    for name in ("circles", "moons", "spirals", "xor", "blobs", "digits", "split"):
        assert callable(getattr(nnlib.data, name))
    for name in ("decision_boundary", "loss_curves", "layer_histograms"):
        assert callable(getattr(nnlib.plots, name))
    for name in ("saturation_explorer", "training_playground"):
        assert callable(getattr(nnlib.widgets, name))
