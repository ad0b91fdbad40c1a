# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: collapse
# expect: full
# tests: test_collapse
# why: correct: each twin weight as the sum of one row of the wide matrix (n_{l-1} equal entries)
def collapse(params):
    L = sum(1 for k in params if k.startswith("W"))
    twin = {}
    for l in range(1, L + 1):
        W = params[f"W{l}"]
        twin[f"W{l}"] = W[:1].copy() if l == 1 else W[:1].sum(axis=-1, keepdims=True)
        twin[f"b{l}"] = params[f"b{l}"][:1].copy()
    return twin
