# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: verdict
# expect: lose
# tests: test_verdict
# why: bug: the two measurements assigned to the wrong keys
d_plain = [experiment(1.0, s) for s in range(5)]
d_drop = [experiment(0.8, s) for s in range(5)]
verdict = {"without dropout": "holds" if max(d_drop) < 1e-9 else "falsified",
           "with dropout": "holds" if max(d_plain) < 1e-9 else "falsified"}
