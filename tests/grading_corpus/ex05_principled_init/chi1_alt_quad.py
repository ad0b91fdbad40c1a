# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: chi1
# expect: full
# tests: test_chi1
# why: correct: scipy.integrate.quad
from scipy.integrate import quad


def chi1(phi_prime, q, sigma_w):
    def integrand(z):
        return phi_prime(np.sqrt(q) * z) ** 2 * np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)
    return sigma_w**2 * quad(integrand, -np.inf, np.inf, epsabs=1e-12)[0]
