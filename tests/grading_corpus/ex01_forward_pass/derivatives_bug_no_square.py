# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: derivatives
# expect: lose
# tests: test_derivatives
# why: bug: tanh' = 1 - tanh(z) (the square forgotten)
def sigmoid_prime(Z):
    s = 0.5 * (1.0 + np.tanh(0.5 * np.asarray(Z, dtype=float)))
    return s * (1.0 - s)


def tanh_prime(Z):
    return 1.0 - np.tanh(Z)


def relu_prime(Z):
    return (np.asarray(Z) > 0).astype(float)
