# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: best
# expect: lose
# tests: test_best
# why: bug: the smallest std among all, not among those near the best
def best_init(summary, tol=0.01):
    return min(summary, key=lambda name: summary[name][1])
