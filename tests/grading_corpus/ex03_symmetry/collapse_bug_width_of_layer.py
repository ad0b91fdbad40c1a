# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: collapse
# expect: lose
# tests: test_collapse
# why: bug: W[l] scaled by the layer's own width n_l (shape[-2]) instead of the width below, n_{l-1}
def collapse(params):
    L = len(params) // 2
    twin = {"W1": params["W1"][:1].copy()}
    for l in range(1, L + 1):
        twin[f"b{l}"] = params[f"b{l}"][:1].copy()
        if l > 1:
            twin[f"W{l}"] = params[f"W{l}"].shape[-2] * params[f"W{l}"][:1, :1]
    return twin
