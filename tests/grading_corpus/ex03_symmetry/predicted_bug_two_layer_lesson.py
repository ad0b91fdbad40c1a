# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: predicted
# expect: lose
# tests: test_predicted
# why: bug: lesson 03's two-layer answer (W2, b2) copied for the three-layer network
predicted = {"tanh": {"b3"}, "relu": {"b3"}, "sigmoid": {"W2", "b2"}}
