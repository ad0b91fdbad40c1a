# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: activations
# expect: lose
# tests: test_activations
# why: bug: calls nnlib's activations instead of writing them
from nnlib.activations import relu as _relu, sigmoid as _sigmoid


def sigmoid(Z):
    return _sigmoid(Z)


def tanh(Z):
    return np.tanh(Z)


def relu(Z):
    return _relu(Z)
