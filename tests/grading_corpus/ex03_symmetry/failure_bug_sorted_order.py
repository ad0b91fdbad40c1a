# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: failure_rate
# expect: lose
# tests: test_failure_rate
# why: bug: returns the mask in sorted order, not in the order of final_loss
def poor_runs(final_loss):
    ordered = np.sort(np.asarray(final_loss, dtype=float))
    if ordered.size < 2 or ordered[-1] == ordered[0]:
        return np.zeros(ordered.shape, dtype=bool)
    gap = np.argmax(np.diff(ordered))
    return ordered > ordered[gap]   # the mask of the sorted losses, not of final_loss


def failure_rate(sizes, X, Y, rng, *, n_runs, hidden, lr, steps):
    stack = mlp.init_params(sizes, rng, init="xavier_normal", stack=n_runs)
    _, history = train(stack, X, Y, hidden=hidden, lr=lr, steps=steps, record_every=steps)
    return float(poor_runs(history.final_loss).mean())


p_measured = failure_rate([2, 3, 1], X5, Y5, np.random.default_rng(5), n_runs=200, hidden="tanh", lr=1.0, steps=1500)
