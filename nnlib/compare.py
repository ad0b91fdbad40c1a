"""Compare initialisations fairly: every scheme × every seed in ONE stacked training run.

All initialisations of one (activation, dataset) pair share the architecture, so their networks
can be stacked along a leading axis and trained together by :func:`nnlib.train.train`: ``n``
schemes × ``S`` seeds become ``K = n·S`` networks, trained on the same data, with the same
learning rate and the same number of steps — only the starting weights differ.

:func:`matched_specs` gives the schemes with the gain each activation calls for, and a spec may
also be a list of per-layer specs (an ablation: one scheme in layer 1, another elsewhere).
:func:`bootstrap_ci` and :func:`rank_by_intervals` turn the seeds into confidence intervals and
call a scheme worse than the best only where the intervals separate.
"""

import math
import warnings
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


def bootstrap_ci(values, rng, *, n_boot=2000, level=0.95):
    """Mean over seeds with a percentile-bootstrap confidence interval.

    Parameters
    ----------
    values : ndarray of shape (..., S)
        One measurement per seed along the last axis (``nan`` = missing, e.g. diverged).
    rng : numpy.random.Generator
        Draws the resamples (the same resampled seed indices for every entry of ``...``).
    n_boot : int
    level : float in (0, 1)

    Returns
    -------
    mean, low, high : ndarray of shape (...)
        The mean over the seeds and the interval's bounds (``nan`` where no seed is finite).

    Notes
    -----
    With few seeds the percentile bootstrap is only approximate: it resamples the ``S`` observed
    values as if they were the population, so its interval is narrower than a Student-t
    interval by about ``1.96 * sqrt((S - 1) / S) / t_{S-1}`` (0.82 at ``S = 10``) and covers the
    true mean less often than ``level``.
    """
    check_rng(rng, "bootstrap_ci")
    check_positive(n_boot, "bootstrap_ci: n_boot", integer=True)
    if not 0 < level < 1:
        raise ValueError(f"bootstrap_ci: level must be in (0, 1), got {level!r}")
    values = np.asarray(values, dtype=np.float64)
    if values.ndim < 1 or values.shape[-1] < 2:
        raise ValueError(f"bootstrap_ci: values must have at least 2 seeds on the last axis, got shape {values.shape}")
    S = values.shape[-1]
    idx = rng.integers(0, S, size=(n_boot, S))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-nan row gives nan, not a warning
        means = np.nanmean(values[..., idx], axis=-1)                   # (..., n_boot)
        tail = 100 * (1 - level) / 2
        low, high = np.nanpercentile(means, [tail, 100 - tail], axis=-1)
        return np.nanmean(values, axis=-1), low, high


def rank_by_intervals(mean, low, high, margin=0.0):
    """Label each scheme by whether its interval separates from the best one's.

    Parameters
    ----------
    mean, low, high : ndarray of shape (n,)
        Mean and confidence interval of each of n schemes (higher is better).
    margin : float >= 0
        The gap the intervals must leave to count as separated: the resolution of the
        measurement (e.g. one test example), which a bootstrap over seeds cannot see — all
        seeds at 100 % give an interval of width 0.

    Returns
    -------
    labels : list of str, length n
        ``"best"`` for the highest mean; ``"worse"`` when its upper bound is more than
        ``margin`` below the best's lower bound; ``"tied"`` otherwise.

    Notes
    -----
    ``"tied"`` means *not separated*, not *equal*: overlapping intervals are compatible with a
    real difference. The best is picked by its own mean (which favours it) and the ``n - 1``
    comparisons are not corrected for multiplicity.
    """
    check_positive(margin, "rank_by_intervals: margin", allow_zero=True)
    mean, low, high = (np.asarray(a, dtype=np.float64) for a in (mean, low, high))
    if not mean.shape == low.shape == high.shape or mean.ndim != 1:
        raise ValueError(f"mean, low, high must be 1-D of one length, got {mean.shape}, {low.shape}, {high.shape}")
    best = int(np.nanargmax(mean))
    return ["best" if i == best else "worse" if high[i] + margin < low[best] else "tied" for i in range(len(mean))]


def random_lift(X, width, rng):
    """A fixed random linear lift of the inputs to ``width`` features of the inputs' size.

    ``X' = R X`` with ``R = √(width/n_x) Q`` and ``Q`` of shape (width, n_x) with orthonormal
    columns (a Haar-random draw), so every lifted feature has, on average, the mean square of one
    input coordinate. The model class is unchanged (``W₁ R`` is any (n_1, n_x) matrix); what
    changes is that the first layer's fan_in is ``width``, like a hidden layer's.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    width : int >= n_x
    rng : numpy.random.Generator

    Returns
    -------
    X_lifted : ndarray of shape (width, m)
    R : ndarray of shape (width, n_x)
    """
    check_rng(rng, "random_lift")
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"random_lift: X must be (n_x, m), got shape {X.shape}")
    check_positive(width, "random_lift: width", integer=True)
    if width < X.shape[-2]:
        raise ValueError(f"random_lift: width={width} must be >= n_x={X.shape[-2]} (X of shape {X.shape})")
    Q, Rq = np.linalg.qr(rng.standard_normal((width, X.shape[-2])))
    R = math.sqrt(width / X.shape[-2]) * Q * np.sign(np.diagonal(Rq))
    return R @ X, R
