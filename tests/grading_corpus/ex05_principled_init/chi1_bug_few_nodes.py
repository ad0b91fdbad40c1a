# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: chi1
# expect: lose
# tests: test_chi1
# why: bug: Gauss-Hermite with 20 nodes, too few for tanh at q = 2
def chi1(phi_prime, q, sigma_w):
    z, w = np.polynomial.hermite_e.hermegauss(20)
    return float(sigma_w**2 * np.sum(w / w.sum() * phi_prime(np.sqrt(q) * z) ** 2))
