# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: good_scale
# expect: lose
# tests: test_good_scale
# why: bug: scale 1, the cold start of lesson 04
good_scale = 1.0
