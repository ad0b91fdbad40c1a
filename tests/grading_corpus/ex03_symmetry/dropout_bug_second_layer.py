# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: predicted_dropout
# expect: lose
# tests: test_predicted_dropout
# why: bug: the masked A2 is thought to let the gradient reach layer 2
predicted_dropout = {"W2", "b2", "W3", "b3"}
