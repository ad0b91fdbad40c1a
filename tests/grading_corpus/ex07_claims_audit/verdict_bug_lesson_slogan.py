# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: verdict
# expect: lose
# tests: test_verdict
# why: bug: 'symmetry is forever' (lessons 03 and 07) typed in for both
verdict = {"without dropout": "holds", "with dropout": "holds"}
