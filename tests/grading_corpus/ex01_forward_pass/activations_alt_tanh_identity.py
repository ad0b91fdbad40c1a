# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: activations
# expect: full
# tests: test_activations
# why: correct: sigmoid from the identity (1 + tanh(z/2)) / 2, relu as Z * (Z > 0), tanh from exp(-2|z|)
def sigmoid(Z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(Z, dtype=float)))


def tanh(Z):
    Z = np.asarray(Z, dtype=float)
    e = np.exp(-2.0 * np.abs(Z))
    return np.sign(Z) * (1.0 - e) / (1.0 + e)


def relu(Z):
    Z = np.asarray(Z, dtype=float)
    return Z * (Z > 0)
