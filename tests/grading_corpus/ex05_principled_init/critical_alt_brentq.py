# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: critical
# expect: full
# tests: test_critical
# why: correct: scipy's brentq for the fixed point and for chi1 = 1, grid-sum expectations
from scipy.optimize import brentq


def critical_sigma_w(phi, phi_prime, sigma_b):
    z = np.linspace(-10.0, 10.0, 4001)
    p = np.exp(-z * z / 2)
    p = p / p.sum()

    def q_star(sw):
        return brentq(lambda q: sw**2 * np.sum(p * phi(np.sqrt(q) * z) ** 2) + sigma_b**2 - q,
                      sigma_b**2, sw**2 + sigma_b**2 + 1, xtol=1e-14)

    return brentq(lambda sw: sw**2 * np.sum(p * phi_prime(np.sqrt(q_star(sw)) * z) ** 2) - 1, 0.5, 4.0, xtol=1e-10)
