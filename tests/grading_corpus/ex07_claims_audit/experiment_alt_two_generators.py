# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: experiment
# expect: full
# tests: test_experiment
# why: correct: separate generators of the same seed for the start and the training (the constant start draws nothing)
def experiment(keep_prob, seed):
    start = mlp.init_params([2, 8, 1], np.random.default_rng(seed), init="constant", value=0.5)
    params, history = train(start, X, Y, hidden="tanh", lr=0.5, steps=300, keep_prob=keep_prob,
                            rng=np.random.default_rng(seed))
    rows = np.hstack([params["W1"], params["b1"]])
    return float(max(np.linalg.norm(r - s) for r in rows for s in rows))
