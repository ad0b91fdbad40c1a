# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: run
# expect: lose
# tests: test_run
# why: bug: hidden='tanh' forgotten, so ReLU networks are trained
specs = {name: INIT_SPECS[name] for name in ("normal 0.01", "Xavier", "He")}
result = compare(specs, [2, 16, 16, 16, 16, 1], X_train, Y_train, rng, seeds=5, lr=0.5,
                 steps=600, batch_size=50, X_test=X_test, Y_test=Y_test)
