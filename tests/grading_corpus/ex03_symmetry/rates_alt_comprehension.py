# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: twin_learning_rates
# expect: full
# tests: test_twin_learning_rates
# why: correct: the rates from the widths in one comprehension, n_0 taken as 1
def twin_learning_rates(lr, sizes):
    n = [1] + list(sizes[1:])
    out = {f"W{l}": lr * n[l - 1] / n[l] for l in range(1, len(sizes))}
    out.update({f"b{l}": lr / n[l] for l in range(1, len(sizes))})
    return out
