# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: derivatives
# expect: lose
# tests: test_derivatives
# why: bug: sigmoid' written as a (1 - a) with a = z (the derivative in terms of the activation, fed Z)
def sigmoid_prime(Z):
    return Z * (1.0 - Z)


def tanh_prime(Z):
    return 1.0 - np.tanh(Z) ** 2


def relu_prime(Z):
    return (np.asarray(Z) > 0).astype(float)
