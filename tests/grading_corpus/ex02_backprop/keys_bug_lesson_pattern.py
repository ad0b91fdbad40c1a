# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: correct_keys
# expect: lose
# tests: test_correct_keys
# why: bug: the pattern of lesson 02's g' bug (the top layer right) typed in, not computed
correct_keys = {"dW4", "db4"}
