# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: twin_learning_rates
# expect: lose
# tests: test_twin_learning_rates
# why: bug: the same learning rate for every parameter
def twin_learning_rates(lr, sizes):
    return {f"{p}{l}": lr for l in range(1, len(sizes)) for p in "Wb"}
