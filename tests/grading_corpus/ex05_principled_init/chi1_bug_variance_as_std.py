# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: chi1
# expect: lose
# tests: test_chi1
# why: bug: phi'(q z), the variance q used as the standard deviation
def chi1(phi_prime, q, sigma_w):
    z, w = np.polynomial.hermite_e.hermegauss(200)
    return float(sigma_w**2 * np.sum(w / w.sum() * phi_prime(q * z) ** 2))
