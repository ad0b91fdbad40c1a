# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: shapes
# expect: lose
# tests: test_shapes
# why: bug: biases as 1-d vectors (4,) and (1,)
shapes = {"X": (3, 7), "W1": (4, 3), "b1": (4,), "Z1": (4, 7), "A1": (4, 7),
          "W2": (1, 4), "b2": (1,), "Z2": (1, 7), "A2": (1, 7)}
