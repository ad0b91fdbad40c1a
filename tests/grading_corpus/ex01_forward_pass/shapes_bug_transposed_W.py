# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: shapes
# expect: lose
# tests: test_shapes
# why: bug: weights as (n_{l-1}, n_l), the transpose of the course convention
shapes = {"X": (3, 7), "W1": (3, 4), "b1": (4, 1), "Z1": (4, 7), "A1": (4, 7),
          "W2": (4, 1), "b2": (1, 1), "Z2": (1, 7), "A2": (1, 7)}
