# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: predicted
# expect: lose
# tests: test_predicted
# why: bug: sigmoid predicted like tanh (sigma(0) = 1/2 overlooked)
predicted = {"tanh": {"b3"}, "relu": {"b3"}, "sigmoid": {"b3"}}
