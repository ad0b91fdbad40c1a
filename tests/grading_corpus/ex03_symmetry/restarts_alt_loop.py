# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: restarts_needed
# expect: full
# tests: test_restarts_needed
# why: correct: counts restarts up until the chance that all fail is small enough (no logarithms)
def restarts_needed(p, target):
    if p < 0 or p > 1:
        raise ValueError("p is a probability")
    if target <= 0 or target >= 1:
        raise ValueError("target must be strictly between 0 and 1")
    if p == 1:
        raise ValueError("every run fails: restarts cannot help")
    k, all_fail = 1, p
    while 1 - all_fail < target - 1e-12:
        k += 1
        all_fail *= p
    return k


k_needed = restarts_needed(p_measured, 0.999)
