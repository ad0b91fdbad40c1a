# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: restarts_needed
# expect: lose
# tests: test_restarts_needed
# why: bug: int(x) + 1 instead of ceil(x): one restart too many when ln(1 - target) / ln(p) is a whole number
import math


def restarts_needed(p, target):
    if not 0 <= p <= 1 or not 0 < target < 1 or p == 1:
        raise ValueError("p must lie in [0, 1) and target in (0, 1)")
    if p == 0:
        return 1
    return int(math.log(1 - target) / math.log(p)) + 1


k_needed = restarts_needed(p_measured, 0.999)
