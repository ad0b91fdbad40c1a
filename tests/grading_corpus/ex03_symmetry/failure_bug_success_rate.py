# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: failure_rate
# expect: lose
# tests: test_failure_rate
# why: bug: returns the fraction of good runs (the success rate) instead of the poor ones
def poor_runs(final_loss):
    loss = np.asarray(final_loss, dtype=float)
    if loss.size < 2 or loss.max() == loss.min():
        return np.zeros(loss.shape, dtype=bool)
    ordered = np.sort(loss)
    gap = np.argmax(np.diff(ordered))
    return loss > ordered[gap]


def failure_rate(sizes, X, Y, rng, *, n_runs, hidden, lr, steps):
    stack = mlp.init_params(sizes, rng, init="xavier_normal", stack=n_runs)
    _, history = train(stack, X, Y, hidden=hidden, lr=lr, steps=steps, record_every=steps)
    return float((~poor_runs(history.final_loss)).mean())


p_measured = failure_rate([2, 3, 1], X5, Y5, np.random.default_rng(5), n_runs=200, hidden="tanh", lr=1.0, steps=1500)
