# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: good_scale
# expect: lose
# tests: test_good_scale
# why: bug: 0.01, the 'small random numbers' default
good_scale = 0.01
