# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: good_scale
# expect: full
# tests: test_good_scale
# why: correct: a scale found by hand with the explorer, typed in
good_scale = 0.1
