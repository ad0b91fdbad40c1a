# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: run
# expect: full
# tests: test_run
# why: correct: the specs typed as a literal dict from INIT_SPECS, keywords in another order
three = {"normal 0.01": INIT_SPECS["normal 0.01"], "Xavier": INIT_SPECS["Xavier"], "He": INIT_SPECS["He"]}
result = compare(three, [2] + [16] * 4 + [1], X_train, Y_train, rng, X_test=X_test, Y_test=Y_test,
                 batch_size=50, steps=600, lr=0.5, hidden="tanh", seeds=5)
