# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: best
# expect: lose
# tests: test_best
# why: bug: the tie broken towards the largest std
def best_init(summary, tol=0.01):
    top = max(mean for mean, _ in summary.values())
    close = [name for name, (mean, _) in summary.items() if mean >= top - tol]
    return max(close, key=lambda name: summary[name][1])
