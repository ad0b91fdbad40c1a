# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: twin_learning_rates
# expect: lose
# tests: test_twin_learning_rates
# why: bug: every rate lr / n_l, the n_{l-1} copies carried by W[l] forgotten
def twin_learning_rates(lr, sizes):
    return {f"{p}{l}": lr / sizes[l] for l in range(1, len(sizes)) for p in "Wb"}
