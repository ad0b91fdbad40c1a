# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: activations
# expect: lose
# tests: test_activations
# why: bug: a leaky relu (0.01 z for z < 0) where relu was asked
def sigmoid(Z):
    Z = np.asarray(Z, dtype=np.float64)
    e = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def tanh(Z):
    return np.tanh(Z)


def relu(Z):
    return np.where(Z > 0, Z, 0.01 * Z)
