# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: predicted
# expect: lose
# tests: test_predicted
# why: bug: 'the gradient is never exactly 0', everything predicted to move
names = {f"{p}{l}" for p in "Wb" for l in (1, 2, 3)}
predicted = {"tanh": set(names), "relu": set(names), "sigmoid": set(names)}
