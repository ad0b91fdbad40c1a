# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: verdict
# expect: lose
# tests: test_verdict
# why: bug: one verdict from all ten runs pooled, given to both settings
runs = [experiment(keep, s) for keep in (1.0, 0.8) for s in range(5)]
overall = "holds" if max(runs) < 1e-9 else "falsified"
verdict = {"without dropout": overall, "with dropout": overall}
