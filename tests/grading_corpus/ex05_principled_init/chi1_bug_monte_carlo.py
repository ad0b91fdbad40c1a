# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: chi1
# expect: lose
# tests: test_chi1
# why: bug: a Monte Carlo mean, noisy at the 1e-3 level
def chi1(phi_prime, q, sigma_w):
    z = np.random.default_rng(0).standard_normal(200_000)
    return float(sigma_w**2 * np.mean(phi_prime(np.sqrt(q) * z) ** 2))
