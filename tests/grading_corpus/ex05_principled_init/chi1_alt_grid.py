# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: chi1
# expect: full
# tests: test_chi1
# why: correct: a trapezoid sum over a fine grid of z
def chi1(phi_prime, q, sigma_w):
    z = np.linspace(-10.0, 10.0, 40001)
    density = np.exp(-z * z / 2) / np.sqrt(2 * np.pi)
    return float(sigma_w**2 * np.trapezoid(phi_prime(np.sqrt(q) * z) ** 2 * density, z))
