# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: collapse
# expect: lose
# tests: test_collapse
# why: bug: one unit per layer taken as it is, without adding up the copies
def collapse(params):
    return {k: v[:1, :1] if not k == "W1" else v[:1] for k, v in params.items()}
