# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: predicted_dropout
# expect: lose
# tests: test_predicted_dropout
# why: bug: the tanh answer of 2b (only b3)
predicted_dropout = {"b3"}
