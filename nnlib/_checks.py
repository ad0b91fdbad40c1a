"""Input checks shared by nnlib's public functions.

Every check raises ``ValueError`` or ``TypeError`` with a message that names the argument, the
layer and the shapes involved, so a student sees *what* is wrong and *where* before numpy's
own broadcasting errors (which name neither) get a chance to appear.
"""

import numbers

import numpy as np


def check_rng(rng, where):
    """Raise TypeError unless ``rng`` is a ``numpy.random.Generator``."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{where}: rng must be a numpy.random.Generator, got {type(rng).__name__}; "
            "create one with rng = np.random.default_rng(seed)"
        )


def check_name(name, registry, what):
    """Return ``registry[name]`` or raise a ValueError listing the valid names."""
    if not isinstance(name, str):
        raise TypeError(f"{what} must be a name (str), got {type(name).__name__}; valid names: {sorted(registry)}")
    if name not in registry:
        raise ValueError(f"unknown {what} {name!r}; valid names: {sorted(registry)}")
    return registry[name]


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


def check_positive(value, name, allow_zero=False, integer=False):
    """Raise unless ``value`` is a (positive) real number, or integer when asked."""
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind):
        raise TypeError(f"{name} must be {'an integer' if integer else 'a number'}, got {value!r}")
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be finite and {bound}, got {value!r}")
    return value
