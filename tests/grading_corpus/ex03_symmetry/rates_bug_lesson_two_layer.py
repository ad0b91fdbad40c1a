# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: twin_learning_rates
# expect: lose
# tests: test_twin_learning_rates
# why: bug: lesson 03's two-layer rates with n = the first hidden width, for every layer
def twin_learning_rates(lr, sizes):
    n = sizes[1]
    L = len(sizes) - 1
    rates = {"W1": lr / n, "b1": lr / n}
    for l in range(2, L + 1):
        rates[f"W{l}"] = n * lr if l == L else lr
        rates[f"b{l}"] = lr
    return rates
