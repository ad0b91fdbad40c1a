"""Compare initialisations fairly: every scheme × every seed in ONE stacked training run.

All initialisations of one (activation, dataset) pair share the architecture, so their networks
can be stacked along a leading axis and trained together by :func:`nnlib.train.train`: ``n``
schemes × ``S`` seeds become ``K = n·S`` networks, trained on the same data, with the same
learning rate and the same number of steps — only the starting weights differ.

:func:`matched_specs` gives the schemes with the gain each activation calls for, and a spec may
also be a list of per-layer specs (an ablation: one scheme in layer 1, another elsewhere).
:mod:`nnlib.intervals` turns the seeds into confidence intervals and calls a scheme worse than
the best only where the intervals separate.
"""

import math
from dataclasses import dataclass

import numpy as np

from .checks import check_name, check_positive, check_rng
from .initializers import lecun_normal
from .mlp import accuracy, init_params
from .train import train

#: The eight starting points the course compares: label -> (initializer name, hyper-parameters).
INIT_SPECS = {
    "zeros": ("zeros", {}),
    "constant 0.5": ("constant", {"value": 0.5}),
    "normal 0.01": ("normal", {"std": 0.01}),
    "normal ×10": ("normal", {"std": 10.0}),
    "LeCun": ("lecun_normal", {}),
    "Xavier": ("xavier_normal", {}),
    "He": ("he_normal", {}),
    "orthogonal": ("orthogonal", {}),
}

#: The gain each hidden activation calls for (PyTorch's ``calculate_gain``; lesson 05): the factor
#: on the standard deviation that keeps the forward signal's size through the activation.
GAINS = {"linear": 1.0, "sigmoid": 1.0, "tanh": 5.0 / 3.0, "relu": math.sqrt(2.0)}


def lecun_gain(shape, rng, gain=1.0):
    """N(0, gain²/fan_in): LeCun's normal initialisation with a gain; ``W`` of shape ``shape``."""
    check_positive(gain, "lecun_gain: gain")
    return gain * lecun_normal(shape, rng)


def matched_specs(activation):
    """The eight starts of :data:`INIT_SPECS`, with the principled ones matched to ``activation``.

    LeCun, Xavier and orthogonal take the activation's gain from :data:`GAINS` (Var(w) =
    g²/fan_in, g²·2/(fan_in + fan_out), singular values g); He stays as published (2/fan_in,
    ReLU's gain √2 built in); the four naive starts do not depend on the activation.

    Parameters
    ----------
    activation : {"linear", "sigmoid", "tanh", "relu"}

    Returns
    -------
    dict of str -> (str or callable, dict)
    """
    gain = check_name(activation, GAINS, "activation")
    specs = dict(INIT_SPECS)
    specs["LeCun"] = (lecun_gain, {"gain": gain})
    specs["Xavier"] = ("xavier_normal", {"gain": gain})
    specs["orthogonal"] = ("orthogonal", {"gain": gain})
    return specs


def draw_params(spec, layer_sizes, rng, stack):
    """Draw ``stack`` networks from one spec: ``(init, hyper)``, or a list of them, one per layer.

    Parameters
    ----------
    spec : (str or callable, dict), or list of L such pairs
    layer_sizes : list of int, [n_x, n_1, ..., n_L]
    rng : numpy.random.Generator
    stack : int

    Returns
    -------
    params : dict
        ``W[l]`` of shape (stack, n_l, n_{l-1}), ``b[l]`` zeros of shape (stack, n_l, 1).
    """
    if isinstance(spec, tuple):
        return init_params(layer_sizes, rng, init=spec[0], stack=stack, **spec[1])
    L = len(layer_sizes) - 1
    if not isinstance(spec, list) or len(spec) != L:
        raise ValueError(f"a spec must be (init, hyper) or a list of {L} of them (one per layer of "
                         f"{list(layer_sizes)}), got {spec!r}")
    params = {}
    for l, (init, hyper) in enumerate(spec, start=1):
        layer = init_params(layer_sizes[l - 1:l + 1], rng, init=init, stack=stack, **hyper)
        params[f"W{l}"], params[f"b{l}"] = layer["W1"], layer["b1"]
    return params


def stack_params(params_list):
    """Concatenate stacked parameter dicts along their leading (network) axis.

    Parameters
    ----------
    params_list : list of dict
        Each ``W[l]`` of shape (K_i, n_l, n_{l-1}), ``b[l]`` of shape (K_i, n_l, 1); same keys.

    Returns
    -------
    params : dict
        ``W[l]`` of shape (ΣK_i, n_l, n_{l-1}), ``b[l]`` of shape (ΣK_i, n_l, 1).
    """
    if not params_list:
        raise ValueError("params_list must hold at least one params dict")
    keys = params_list[0].keys()
    for i, p in enumerate(params_list):
        if p.keys() != keys:
            raise ValueError(f"params_list[{i}] has keys {sorted(p)}, expected {sorted(keys)}")
        if np.ndim(p["W1"]) != 3:
            raise ValueError(f"params_list[{i}] must be stacked (W1 of shape (K, n_1, n_x)), "
                             f"got W1 of shape {np.shape(p['W1'])}")
    return {k: np.concatenate([p[k] for p in params_list], axis=0) for k in keys}


@dataclass
class Comparison:
    """Results of :func:`compare` for ``n`` initialisations × ``S`` seeds.

    Attributes
    ----------
    names : list of str, length n
    step : ndarray of shape (n_records,)
    loss, train_curve : ndarray of shape (n_records, n, S)
        Training loss and training accuracy during training (``nan`` after a divergence).
    train_accuracy, test_accuracy : ndarray of shape (n, S)
        After the last step (test: ``nan`` when no test set was given).
    steps_to_target : ndarray of shape (n, S)
        First recorded step with training accuracy ≥ the target (``nan`` if never).
    diverged : ndarray of shape (n, S) of bool
    params : dict
        The trained networks, stacked: ``W[l]`` of shape (n·S, n_l, n_{l-1}); network ``(i, s)``
        is index ``i·S + s``.
    """

    names: list
    step: np.ndarray
    loss: np.ndarray
    train_curve: np.ndarray
    train_accuracy: np.ndarray
    test_accuracy: np.ndarray
    steps_to_target: np.ndarray
    diverged: np.ndarray
    params: dict

    def network(self, name, seed=0):
        """The trained parameters of one network (unstacked), by initialisation name and seed index."""
        i = self.names.index(name)
        S = self.train_accuracy.shape[1]
        return {k: v[i * S + seed] for k, v in self.params.items()}


def compare(inits, layer_sizes, X, Y, rng, *, seeds=5, hidden="relu", output="sigmoid", lr=0.5,
            steps=500, X_test=None, Y_test=None, target=0.9, record_every=10, batch_size=None):
    """Train every initialisation × seed as one stack of networks and summarise.

    Parameters
    ----------
    inits : dict of str -> (str or callable, dict), or list of them
        Label -> (initializer, hyper-parameters), e.g. :data:`INIT_SPECS` or
        :func:`matched_specs`; or label -> a list of such pairs, one per layer.
    layer_sizes : list of int, [n_x, n_1, ..., n_L]
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (n_L, m)
    rng : numpy.random.Generator
        Draws all initial weights (and the mini-batches).
    seeds : int
        Networks per initialisation.
    hidden, output : str
    lr : float
    steps : int
    X_test, Y_test : ndarray of shape (n_x, m_test) and (n_L, m_test), optional
    target : float
        Accuracy for :attr:`Comparison.steps_to_target`.
    record_every : int
    batch_size : int, optional

    Returns
    -------
    Comparison
    """
    check_rng(rng, "compare")
    check_positive(seeds, "compare: seeds", integer=True)
    if not isinstance(inits, dict) or not inits:
        raise ValueError("inits must be a non-empty dict: label -> (initializer name, hyper-parameters)")
    names = list(inits)
    n, S = len(names), int(seeds)
    params0 = stack_params([draw_params(spec, layer_sizes, rng, S) for spec in inits.values()])
    params, hist = train(params0, X, Y, hidden=hidden, output=output, lr=lr, steps=steps,
                         batch_size=batch_size, rng=rng, record_every=record_every,
                         on_nonfinite="record")

    def grid(a):
        return np.asarray(a).reshape(a.shape[:-1] + (n, S))

    with np.errstate(over="ignore", invalid="ignore"):
        train_acc = grid(accuracy(params, X, Y, hidden, output))
        test_acc = (grid(accuracy(params, X_test, Y_test, hidden, output)) if X_test is not None
                    else np.full((n, S), np.nan))
    diverged = grid(hist.nonfinite_step) >= 0
    train_acc = np.where(diverged, np.nan, train_acc)
    test_acc = np.where(diverged, np.nan, test_acc)
    return Comparison(names=names, step=hist.step, loss=grid(hist.loss), train_curve=grid(hist.accuracy),
                      train_accuracy=train_acc, test_accuracy=test_acc,
                      steps_to_target=grid(hist.steps_to(target)), diverged=diverged, params=params)
