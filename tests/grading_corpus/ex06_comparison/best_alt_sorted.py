# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: best
# expect: full
# tests: test_best
# why: correct: sort by (-mean) and filter, then the smallest std
def best_init(summary, tol=0.01):
    ranked = sorted(summary.items(), key=lambda item: -item[1][0])
    best_mean = ranked[0][1][0]
    near = [(std, name) for name, (mean, std) in ranked if best_mean - mean <= tol]
    return min(near)[1]
