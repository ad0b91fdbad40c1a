# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: verdict
# expect: full
# tests: test_verdict
# why: correct: the rule written inline, seeds in a loop
verdict = {}
for name, keep in (("without dropout", 1.0), ("with dropout", 0.8)):
    d = np.array([experiment(keep, s) for s in range(5)])
    verdict[name] = "holds" if np.all(d < 1e-9) else ("falsified" if np.all(d > 1e-3) else "unclear")
