# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: experiment
# expect: lose
# tests: test_experiment
# why: bug: the default relu network instead of tanh
def experiment(keep_prob, seed):
    rng = np.random.default_rng(seed)
    start = mlp.init_params([2, 8, 1], rng, init="constant", value=0.5)
    trained, _ = train(start, X, Y, lr=0.5, steps=300, keep_prob=keep_prob, rng=rng)
    return float(unit_distance(trained["W1"], trained["b1"]))
