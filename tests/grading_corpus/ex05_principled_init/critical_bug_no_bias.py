# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: critical
# expect: lose
# tests: test_critical
# why: bug: sigma_b left out of the variance map
def critical_sigma_w(phi, phi_prime, sigma_b):
    z, w = np.polynomial.hermite_e.hermegauss(200)
    w = w / w.sum()

    def q_star(sw):
        q = 1.0
        for _ in range(300):
            q = sw**2 * np.sum(w * phi(np.sqrt(q) * z) ** 2)
        return q

    low, high = 0.5, 4.0
    for _ in range(50):
        mid = (low + high) / 2
        low, high = (mid, high) if chi1(phi_prime, q_star(mid), mid) < 1 else (low, mid)
    return (low + high) / 2
