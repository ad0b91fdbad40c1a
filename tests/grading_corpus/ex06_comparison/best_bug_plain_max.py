# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: best
# expect: lose
# tests: test_best
# why: bug: the highest mean, the tolerance rule ignored
def best_init(summary, tol=0.01):
    return max(summary, key=lambda name: summary[name][0])
