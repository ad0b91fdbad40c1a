"""Transitional alias of :mod:`nnlib.checks` (the module's old, private name).

Kept only so that branches written against ``nnlib._checks`` still import while they are merged;
new code imports :mod:`nnlib.checks`. Delete this file once nothing imports it.
"""

from .checks import as_float_array, check_name, check_positive, check_rng  # noqa: F401
