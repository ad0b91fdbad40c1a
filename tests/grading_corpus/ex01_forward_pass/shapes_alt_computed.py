# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: shapes
# expect: full
# tests: test_shapes
# why: correct: shapes computed from the sizes instead of typed
n_x, n_1, n_2, m = 3, 4, 1, 7
shapes = {}
for name, (rows, cols) in {"X": (n_x, m), "W1": (n_1, n_x), "b1": (n_1, 1), "Z1": (n_1, m), "A1": (n_1, m),
                           "W2": (n_2, n_1), "b2": (n_2, 1), "Z2": (n_2, m), "A2": (n_2, m)}.items():
    shapes[name] = tuple(np.zeros((rows, cols)).shape)
