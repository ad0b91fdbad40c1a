# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: predicted
# expect: full
# tests: test_predicted
# why: correct: the same prediction built up from the reasoning
output_bias = {"b3"}
predicted = {act: set(output_bias) for act in ("tanh", "relu")}
predicted["sigmoid"] = output_bias | {"W3"}  # A2 = 1/2 is not 0, W3 = 0 blocks everything below
