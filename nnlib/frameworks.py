"""What ``nn.Linear``, ``Dense`` and ``nn.Dense`` draw: the frameworks' default initializers, decoded.

Each function follows nnlib's convention ``init(shape, rng, **hyper) -> ndarray of shape`` with
``shape = (..., fan_out, fan_in)`` (``W`` of shape ``(n_l, n_{l-1})``), and is registered in
:data:`nnlib.initializers.INITIALIZERS`.

==================== ================================================ ==========================
name                 distribution (Var)                               framework default
==================== ================================================ ==========================
torch_linear         U(±1/√fan), Var = 1/(3·fan)                      PyTorch ``nn.Linear``
torch_linear_bias    U(±1/√fan_in) for ``b`` of shape (..., n, 1)     PyTorch ``nn.Linear`` bias
keras_dense          U(±√(6/(fan_in+fan_out))), Var = 2/(fan_in+out)  Keras ``Dense`` (bias 0)
flax_dense           N(0, σ²) truncated to ±2σ, rescaled: Var = 1/fan Flax ``nn.Dense`` (bias 0)
variance_scaling     scale/fan as normal, uniform or truncated normal the general Keras/JAX form
==================== ================================================ ==========================

``fan`` is ``fan_in`` (shape[-1]), ``fan_out`` (shape[-2]) or ``fan_avg`` (their mean) — the
``mode`` of PyTorch's ``kaiming_*_`` and of Keras'/JAX's ``variance_scaling``.

Sources (the frameworks' code, and Keras' documented ``Dense`` signature):

* PyTorch ``torch/nn/modules/linear.py``, ``Linear.reset_parameters``:
  ``init.kaiming_uniform_(self.weight, a=math.sqrt(5))`` and the bias from
  ``U(−1/√fan_in, 1/√fan_in)``. In ``torch/nn/init.py``, ``kaiming_uniform_`` uses
  ``gain = calculate_gain("leaky_relu", a) = √(2/(1+a²))``, ``std = gain/√fan`` and
  ``bound = √3·std``; with ``a = √5`` the gain is ``√(1/3)`` and ``bound = 1/√fan``. The √5 is
  no theory: it makes ``kaiming_uniform_`` reproduce the older default ``uniform(−stdv, stdv)``,
  ``stdv = 1/√fan_in`` (Lua Torch ``nn.Linear``; PyTorch before 2018), kept for backward
  compatibility — pytorch/pytorch issues #1667, #15314, #57109 and PR #19526.
* Keras ``keras.layers.Dense(units, ..., kernel_initializer="glorot_uniform",
  bias_initializer="zeros")``; ``GlorotUniform`` draws U(±limit) with ``limit = √(6/(fan_in +
  fan_out))`` (its docstring), i.e. ``VarianceScaling(1.0, "fan_avg", "uniform")``.
* Flax ``flax/linen/linear.py``: ``default_kernel_init = initializers.lecun_normal()`` and
  ``bias_init = initializers.zeros_init()``; JAX ``jax/_src/nn/initializers.py``:
  ``lecun_normal = variance_scaling(1.0, "fan_in", "truncated_normal")``, which draws a standard
  normal truncated to (−2, 2) and multiplies it by ``√(scale/fan) / .87962566103423978`` — the
  standard deviation of that truncated normal — so the variance is exactly ``scale/fan``.

(Longer than about 200 lines because a third of it is this docstring: the sources of each default
belong next to the code that reproduces them, and the four frameworks side by side, in one table.)
"""

import math

import numpy as np

from .checks import check_positive, check_rng

MODES = ("fan_in", "fan_out", "fan_avg")
DISTRIBUTIONS = ("truncated_normal", "normal", "uniform")
#: Standard deviation of N(0, 1) truncated to (−2, 2): √(1 − 4φ(2)/(Φ(2) − Φ(−2))).
TRUNCATED_STD = 0.87962566103423978


def fan(shape, mode="fan_in", where="initializer"):
    """The fan a scheme divides by: ``fan_in = shape[-1]``, ``fan_out = shape[-2]`` or their mean.

    Parameters
    ----------
    shape : tuple of int, (..., fan_out, fan_in)
    mode : {"fan_in", "fan_out", "fan_avg"}
        ``fan_in`` keeps the forward signal's variance, ``fan_out`` the backward gradient's,
        ``fan_avg`` (Glorot & Bengio) compromises.
    where : str
        Name of the calling initializer, for error messages.

    Returns
    -------
    shape : tuple of int
    fan : float
    """
    try:
        shape = tuple(int(s) for s in shape)
    except TypeError as err:
        raise TypeError(f"{where}: shape must be a tuple of ints like (fan_out, fan_in), got {shape!r}") from err
    if len(shape) < 2 or any(s <= 0 for s in shape):
        raise ValueError(f"{where}: shape must have at least 2 positive sizes (..., fan_out, fan_in), got {shape}")
    if mode not in MODES:
        raise ValueError(f"{where}: unknown mode {mode!r}; valid modes: {list(MODES)}")
    fan_out, fan_in = shape[-2], shape[-1]
    return shape, float({"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode])


def truncated_normal(shape, rng):
    """Standard normal draws truncated to (−2, 2) by redrawing the ones outside; ``shape`` any."""
    x = rng.standard_normal(shape)
    outside = np.abs(x) >= 2.0
    while outside.any():  # 4.6 % redrawn per round, so a few rounds suffice
        x[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(x) >= 2.0
    return x


def variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="truncated_normal"):
    """Keras/JAX ``variance_scaling``: entries with mean 0 and ``Var = scale / fan``.

    Parameters
    ----------
    shape : tuple of int, (..., fan_out, fan_in)
    rng : numpy.random.Generator
    scale : float > 0
        1 for LeCun and Glorot, 2 for He.
    mode : {"fan_in", "fan_out", "fan_avg"}
    distribution : {"truncated_normal", "normal", "uniform"}
        ``truncated_normal``: N(0, 1) truncated to (−2, 2) times ``√(scale/fan)/TRUNCATED_STD``
        (so ``|w| < 2.27·√(scale/fan)``); ``uniform``: U(±√(3·scale/fan)).

    Returns
    -------
    W : ndarray of shape ``shape``
    """
    check_rng(rng, "variance_scaling")
    check_positive(scale, "variance_scaling: scale")
    shape, n = fan(shape, mode, "variance_scaling")
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"variance_scaling: unknown distribution {distribution!r}; valid: {list(DISTRIBUTIONS)}")
    var = scale / n
    if distribution == "uniform":
        limit = math.sqrt(3.0 * var)
        return rng.uniform(-limit, limit, size=shape)
    if distribution == "normal":
        return rng.standard_normal(shape) * math.sqrt(var)
    return truncated_normal(shape, rng) * (math.sqrt(var) / TRUNCATED_STD)


def torch_linear(shape, rng, mode="fan_in"):
    """PyTorch ``nn.Linear``'s weights: ``kaiming_uniform_(W, a=√5)`` = U(±1/√fan), Var = 1/(3·fan).

    The leaky-ReLU gain ``√(2/(1+a²))`` with ``a = √5`` is ``√(1/3)``; times PyTorch's uniform
    bound ``√3·gain/√fan`` this is ``1/√fan`` — one third of LeCun's variance, a sixth of He's.

    Parameters
    ----------
    shape : tuple of int, (..., fan_out, fan_in)
    rng : numpy.random.Generator
    mode : {"fan_in", "fan_out", "fan_avg"}
        ``kaiming_uniform_``'s ``mode`` (``nn.Linear`` uses ``fan_in``; PyTorch offers no fan_avg,
        nnlib accepts it for comparison).

    Returns
    -------
    W : ndarray of shape ``shape``
    """
    check_rng(rng, "torch_linear")
    shape, n = fan(shape, mode, "torch_linear")
    limit = 1.0 / math.sqrt(n)
    return rng.uniform(-limit, limit, size=shape)


def torch_linear_bias(shape, rng, fan_in):
    """PyTorch ``nn.Linear``'s bias: U(±1/√fan_in), Var = 1/(3·fan_in).

    Parameters
    ----------
    shape : tuple of int, (..., n_out, 1)
        The bias ``b`` of a layer (a column per stacked network).
    rng : numpy.random.Generator
    fan_in : int > 0
        Number of inputs of the layer (``W.shape[-1]``).

    Returns
    -------
    b : ndarray of shape ``shape``
    """
    check_rng(rng, "torch_linear_bias")
    check_positive(fan_in, "torch_linear_bias: fan_in", integer=True)
    limit = 1.0 / math.sqrt(fan_in)
    return rng.uniform(-limit, limit, size=tuple(int(s) for s in shape))


def keras_dense(shape, rng):
    """Keras ``Dense``'s kernel: ``glorot_uniform``, U(±√(6/(fan_in+fan_out))), Var = 2/(fan_in+fan_out).

    The same distribution as ``xavier_uniform(gain=1)``; Keras' bias starts at zero.
    ``W`` of shape ``shape = (..., fan_out, fan_in)``.
    """
    check_rng(rng, "keras_dense")
    shape, n = fan(shape, "fan_avg", "keras_dense")
    limit = math.sqrt(3.0 / n)
    return rng.uniform(-limit, limit, size=shape)


def flax_dense(shape, rng):
    """Flax ``nn.Dense``'s kernel: JAX ``lecun_normal``, a truncated normal with Var = 1/fan_in.

    ``N(0, 1)`` truncated to (−2, 2), times ``√(1/fan_in) / 0.8796…`` (the truncated normal's own
    standard deviation), so ``Var(w) = 1/fan_in`` exactly and ``|w| < 2.274/√fan_in``.
    Flax's bias starts at zero. ``W`` of shape ``shape = (..., fan_out, fan_in)``.
    """
    check_rng(rng, "flax_dense")
    return variance_scaling(shape, rng, 1.0, "fan_in", "truncated_normal")


FRAMEWORKS = {"torch": (torch_linear, True), "keras": (keras_dense, False), "flax": (flax_dense, False)}


def default_params(layer_sizes, rng, framework, stack=None):
    """An MLP's parameters as ``framework``'s linear layers would draw them (weights and biases).

    Parameters
    ----------
    layer_sizes : sequence of int, [n_x, n_1, ..., n_L]
    rng : numpy.random.Generator
    framework : {"torch", "keras", "flax"}
        ``torch`` also draws the biases (U(±1/√fan_in)); Keras and Flax start them at zero.
    stack : int, optional
        Leading axis of independent networks, as in :func:`nnlib.mlp.init_params`.

    Returns
    -------
    params : dict
        ``"W1"`` of shape ([K,] n_1, n_x), ``"b1"`` of shape ([K,] n_1, 1), ....
    """
    from .mlp import init_params  # mlp imports initializers, which import this module

    if framework not in FRAMEWORKS:
        raise ValueError(f"unknown framework {framework!r}; valid names: {sorted(FRAMEWORKS)}")
    weights, draws_bias = FRAMEWORKS[framework]
    params = init_params(layer_sizes, rng, init=weights, stack=stack)
    if draws_bias:
        for l in range(1, len(layer_sizes)):
            params[f"b{l}"] = torch_linear_bias(params[f"b{l}"].shape, rng, layer_sizes[l - 1])
    return params
