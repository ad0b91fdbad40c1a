# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: critical
# expect: lose
# tests: test_critical
# why: bug: chi1 evaluated at q = 1 instead of the fixed point q*
def critical_sigma_w(phi, phi_prime, sigma_b):
    low, high = 0.5, 4.0
    for _ in range(50):
        mid = (low + high) / 2
        low, high = (mid, high) if chi1(phi_prime, 1.0, mid) < 1 else (low, mid)
    return (low + high) / 2
