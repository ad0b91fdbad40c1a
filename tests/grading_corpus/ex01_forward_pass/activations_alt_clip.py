# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: activations
# expect: full
# tests: test_activations
# why: correct: the naive sigmoid on a clipped argument (no overflow), relu with np.where
def sigmoid(Z):
    return 1.0 / (1.0 + np.exp(-np.clip(Z, -500, 500)))


def tanh(Z):
    return np.tanh(Z)


def relu(Z):
    return np.where(Z > 0, Z, 0.0)
