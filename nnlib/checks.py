"""Every input check of nnlib, in one place.

Each check raises ``ValueError`` or ``TypeError`` with a message that names the argument, the
layer and the shapes involved, so a student sees *what* is wrong and *where* before numpy's own
broadcasting errors (which name neither) get a chance to appear. The public functions of the other
modules call these once, at their entry, and then run unchecked code.

Scalars and names: :func:`check_rng`, :func:`check_name`, :func:`check_int`, :func:`check_real`,
:func:`check_positive`, :func:`check_keep_prob`. Arrays: :func:`as_float_array`,
:func:`check_shape`. Networks: :func:`check_params`, :func:`check_input`, :func:`check_output`,
:func:`check_labels`. (Activation names are looked up by :func:`nnlib.activations.get_activation`,
which uses :func:`check_name`.)
"""

import numbers

import numpy as np

from .losses import OUTPUTS

# --- scalars and names -------------------------------------------------------------------------


def check_rng(rng, where):
    """Raise TypeError unless ``rng`` is a ``numpy.random.Generator``."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{where}: rng must be a numpy.random.Generator, got {type(rng).__name__}; "
            "create one with rng = np.random.default_rng(seed)"
        )


def check_name(name, registry, what, arg=None):
    """Return ``registry[name]`` or raise listing the valid names.

    ``what`` says what the name is ("hidden activation"); ``arg``, when given, names the argument
    that holds it (``load(name=...)``), for when the two differ.
    """
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a name (str), got {type(name).__name__}; valid names: {sorted(registry)}")
    if name not in registry:
        valid = f"{arg} must be one of the valid names" if arg else "valid names"
        raise ValueError(f"unknown {what} {name!r}; {valid}: {sorted(registry)}")
    return registry[name]


def check_int(value, name, minimum=1):
    """Return ``int(value)``; raise unless it is an integer (not a bool) ``>= minimum``."""
    # bool is an Integral too, but `m=True` is surely a mistake.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {value!r} ({type(value).__name__})")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_real(value, name, low=-np.inf, high=np.inf, low_open=False):
    """Return ``float(value)``; raise unless it is a finite real number in ``[low, high)``.

    ``low_open=True`` excludes ``low`` too: ``(low, high)``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__})")
    too_low = value <= low if low_open else value < low
    if not np.isfinite(value) or too_low or value >= high:
        bounds = ([f"{'>' if low_open else '>='} {low:g}"] if low > -np.inf else []) + \
                 ([f"< {high:g}"] if high < np.inf else [])
        raise ValueError(f"{name} must be finite{' and ' if bounds else ''}{' and '.join(bounds)}, got {value!r}")
    return float(value)


def check_positive(value, name, allow_zero=False, integer=False):
    """:func:`check_int` or :func:`check_real` for a number ``> 0`` (``>= 0`` with ``allow_zero``)."""
    if integer:
        return check_int(value, name, 0 if allow_zero else 1)
    return check_real(value, name, 0.0, low_open=not allow_zero)


def check_keep_prob(keep_prob, rng, where):
    """Dropout's keep probability must be in (0, 1]; below 1 it needs an ``rng``."""
    check_real(keep_prob, "keep_prob", 0.0, low_open=True)
    if keep_prob > 1:
        raise ValueError(f"keep_prob must be in (0, 1], got {keep_prob}")
    if keep_prob < 1:
        check_rng(rng, where)


# --- arrays ------------------------------------------------------------------------------------


def as_float_array(x, name, ndims=(2, 3)):
    """Convert ``x`` to a float64 array, checking its number of axes and finiteness."""
    try:
        arr = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a numeric array, got {type(x).__name__}") from err
    if arr.ndim not in ndims:
        allowed = " or ".join(map(str, sorted(set(ndims))))
        raise ValueError(f"{name} must have {allowed} axes, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains {np.size(arr) - np.isfinite(arr).sum()} non-finite values (nan or inf)")
    return arr


def check_shape(shape, where, min_axes=2):
    """Return ``shape`` as a tuple of ints; fan-based initializers need at least (fan_out, fan_in)."""
    try:
        shape = tuple(int(s) for s in shape)
    except TypeError as err:
        raise TypeError(f"{where}: shape must be a tuple of ints like (fan_out, fan_in), got {shape!r}") from err
    if len(shape) < min_axes or any(s <= 0 for s in shape):
        raise ValueError(
            f"{where}: shape must have at least {min_axes} positive sizes (..., fan_out, fan_in), got {shape}"
        )
    return shape


# --- networks ----------------------------------------------------------------------------------


def check_params(params):
    """Validate a params dict and return ``(L, lead)``: the depth and the stacking axes.

    Raises ValueError naming the layer and the shapes when keys are missing, a bias does not
    match its weight matrix, consecutive layers do not chain, or layers are stacked differently.
    """
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict with keys W1, b1, ..., got {type(params).__name__}")
    L = sum(1 for k in params if k.startswith("W") and k[1:].isdigit())
    expected = {f"{p}{l}" for l in range(1, L + 1) for p in "Wb"}
    if L == 0 or set(params) != expected:
        raise ValueError(f"params must have keys W1, b1, ..., WL, bL; got {sorted(params)}")
    lead = np.shape(params["W1"])[:-2]
    for l in range(1, L + 1):
        W, b = np.shape(params[f"W{l}"]), np.shape(params[f"b{l}"])
        if len(W) < 2 or W[:-2] != lead:
            raise ValueError(
                f"layer {l}: W{l} has shape {W}; expected stacking axes {lead} like W1 {np.shape(params['W1'])}"
            )
        if b != lead + (W[-2], 1):
            raise ValueError(
                f"layer {l}: b{l} has shape {b} but W{l} has shape {W}; expected b{l} of shape {lead + (W[-2], 1)}"
            )
        if l > 1 and W[-1] != np.shape(params[f"W{l - 1}"])[-2]:
            raise ValueError(
                f"layer {l}: W{l} has shape {W}, so it expects {W[-1]} inputs, "
                f"but layer {l - 1} has {np.shape(params[f'W{l - 1}'])[-2]} units"
            )
    return L, lead


def check_input(X, params, lead, name="X"):
    """Validate ``X`` against the first layer and the stacking axes; return it as float64."""
    X = as_float_array(X, name, ndims=(2, 2 + len(lead)))
    n_x = np.shape(params["W1"])[-1]
    if X.shape[-2] != n_x:
        raise ValueError(
            f"{name} has shape {X.shape}: {X.shape[-2]} features, but W1 {np.shape(params['W1'])} expects {n_x}"
        )
    if X.ndim > 2 and X.shape[:-2] != lead:
        raise ValueError(f"{name} has stacking axes {X.shape[:-2]} but the params are stacked as {lead}")
    return X


def check_output(output, params=None):
    """``output`` must be ``"sigmoid"`` or ``"softmax"``; softmax needs at least 2 units in ``params``' last layer."""
    check_name(output, dict.fromkeys(OUTPUTS), "output")
    if output == "softmax" and params is not None:
        L = sum(1 for k in params if k.startswith("W"))
        if np.shape(params[f"W{L}"])[-2] < 2:
            raise ValueError(
                f"output='softmax' needs at least 2 output units; W{L} has shape {np.shape(params[f'W{L}'])}"
            )


def check_labels(Y, output, n_out, where="Y"):
    """Validate labels for an output layer of ``n_out`` units.

    Parameters
    ----------
    Y : array_like of shape (..., n_out, m)
        Binary labels in {0, 1} for ``"sigmoid"``; one-hot columns for ``"softmax"``.
    output : {"sigmoid", "softmax"}
    n_out : int
        Number of output units.

    Returns
    -------
    Y : ndarray of float64, same shape
    """
    Y = np.asarray(Y, dtype=np.float64)
    if Y.ndim < 2 or Y.shape[-2] != n_out:
        raise ValueError(
            f"{where} must have shape (..., {n_out}, m) to match the {n_out} output unit(s), got {Y.shape}"
        )
    if not np.all((Y == 0) | (Y == 1)):
        bad = Y[(Y != 0) & (Y != 1)].ravel()[:3]
        raise ValueError(f"{where} must contain only 0 and 1 for output={output!r}; found values such as {bad}")
    if output == "softmax" and not np.all(Y.sum(axis=-2) == 1):
        raise ValueError(f"{where} must be one-hot for output='softmax': every column must hold exactly one 1")
    return Y
