# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: restarts_needed
# expect: lose
# tests: test_restarts_needed
# why: bug: ln(target) instead of ln(1 - target) (the success probability where the failure one belongs)
def restarts_needed(p, target):
    if not 0 <= p <= 1 or not 0 < target < 1 or p == 1:
        raise ValueError("p must lie in [0, 1) and target in (0, 1)")
    if p == 0:
        return 1
    return max(1, int(np.ceil(np.log(target) / np.log(p))))


k_needed = restarts_needed(p_measured, 0.999)
