# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: derivatives
# expect: full
# tests: test_derivatives
# why: correct: sigmoid' as e^-|z| / (1 + e^-|z|)^2, tanh' as 1/cosh^2, relu' with np.heaviside
def sigmoid_prime(Z):
    e = np.exp(-np.abs(np.asarray(Z, dtype=float)))
    return e / (1.0 + e) ** 2


def tanh_prime(Z):
    return 1.0 / np.cosh(np.clip(Z, -300, 300)) ** 2


def relu_prime(Z):
    return np.heaviside(np.asarray(Z, dtype=float), 0.0)
