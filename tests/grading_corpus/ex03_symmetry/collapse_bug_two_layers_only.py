# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: collapse
# expect: lose
# tests: test_collapse
# why: bug: lesson 03's two-layer formula, which ignores deeper layers
def collapse(params):
    n = params["W1"].shape[0]
    return {"W1": params["W1"][:1], "b1": params["b1"][:1], "W2": n * params["W2"][:, :1], "b2": params["b2"]}
