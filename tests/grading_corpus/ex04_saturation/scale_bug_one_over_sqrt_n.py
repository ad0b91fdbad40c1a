# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: good_scale
# expect: lose
# tests: test_good_scale
# why: bug: 1/sqrt(256) typed in (LeCun's variance without tanh's gain): the signal fades with depth
good_scale = 1 / 16
