# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: predicted_dropout
# expect: lose
# tests: test_predicted_dropout
# why: bug: 'dropout breaks the symmetry, so every parameter moves at once'
predicted_dropout = {f"{p}{l}" for p in "Wb" for l in (1, 2, 3)}
