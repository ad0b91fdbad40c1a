# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: critical
# expect: lose
# tests: test_critical
# why: bug: nnlib.meanfield.critical_sigma_w for tanh
def critical_sigma_w(phi, phi_prime, sigma_b):
    return float(nnlib.meanfield.critical_sigma_w("tanh", sigma_b))
