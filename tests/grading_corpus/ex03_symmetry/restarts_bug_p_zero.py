# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: restarts_needed
# expect: lose
# tests: test_restarts_needed
# why: bug: no case for p = 0, where math.log(0) fails
import math


def restarts_needed(p, target):
    if not 0 <= p <= 1 or not 0 < target < 1:
        raise ValueError("p must lie in [0, 1] and target in (0, 1)")
    if p == 1:
        raise ValueError("p = 1: restarts cannot help")
    return math.ceil(math.log(1 - target) / math.log(p))


k_needed = restarts_needed(p_measured, 0.999)
