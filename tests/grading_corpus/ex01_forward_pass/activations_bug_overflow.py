# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: activations
# expect: lose
# tests: test_activations
# why: bug: the naive sigmoid 1 / (1 + exp(-z)) overflows (RuntimeWarning) at z = -1000
def sigmoid(Z):
    return 1.0 / (1.0 + np.exp(-Z))


def tanh(Z):
    return np.tanh(Z)


def relu(Z):
    return np.maximum(Z, 0.0)
