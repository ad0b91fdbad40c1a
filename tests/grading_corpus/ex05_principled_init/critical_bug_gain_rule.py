# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: critical
# expect: lose
# tests: test_critical
# why: bug: the variance-preserving gain 1 / sqrt(E[phi(z)^2]) of Task 3 taken for the edge of chaos
def critical_sigma_w(phi, phi_prime, sigma_b):
    z, w = np.polynomial.hermite_e.hermegauss(200)
    return float(1 / np.sqrt(np.sum(w / w.sum() * phi(z) ** 2)))
