# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: expected_loss
# expect: full
# tests: test_expected_loss
# why: correct: a trapezoid rule on [0, 10] using softplus(u) = u + softplus(-u) and the symmetry of the density
def expected_initial_loss(tau):
    z = np.linspace(0.0, 10.0, 200001)
    phi = np.exp(-0.5 * z**2) / np.sqrt(2 * np.pi)
    tail = np.log1p(np.exp(-tau * z))          # softplus(-tau z) for z >= 0
    # E[softplus(tau z)] = E[tau z; z > 0] + 2 E[softplus(-tau |z|); z > 0]
    return float(tau / np.sqrt(2 * np.pi) + 2 * np.trapezoid(tail * phi, z))
