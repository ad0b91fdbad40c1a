# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: fixed_backward
# expect: lose
# tests: test_fixed_backward
# why: bug: buggy_backward handed in unchanged
def fixed_backward(params, cache, Y):
    return buggy_backward(params, cache, Y)
