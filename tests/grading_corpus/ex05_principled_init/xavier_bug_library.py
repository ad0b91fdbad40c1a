# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: xavier
# expect: lose
# tests: test_xavier
# why: bug: returns nnlib's xavier_uniform
from nnlib.initializers import xavier_uniform as _xu


def xavier_uniform(shape, rng, gain=1.0):
    return _xu(shape, rng, gain=gain)
