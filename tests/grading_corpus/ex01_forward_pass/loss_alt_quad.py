# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: expected_loss
# expect: full
# tests: test_expected_loss
# why: correct: scipy.integrate.quad split at the kink z = 0
from scipy.integrate import quad


def expected_initial_loss(tau):
    def f(z):
        u = tau * z
        return (max(u, 0.0) + np.log1p(np.exp(-abs(u)))) * np.exp(-0.5 * z * z) / np.sqrt(2 * np.pi)
    return float(quad(f, -np.inf, 0, epsabs=1e-13)[0] + quad(f, 0, np.inf, epsabs=1e-13)[0])
