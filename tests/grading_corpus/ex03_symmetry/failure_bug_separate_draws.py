# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: failure_rate
# expect: lose
# tests: test_failure_rate
# why: bug: draws each run with its own init_params call instead of one stack of n_runs (other networks)
def poor_runs(final_loss):
    loss = np.asarray(final_loss, dtype=float)
    if loss.size < 2 or loss.max() == loss.min():
        return np.zeros(loss.shape, dtype=bool)
    ordered = np.sort(loss)
    gap = np.argmax(np.diff(ordered))
    return loss > ordered[gap]


def failure_rate(sizes, X, Y, rng, *, n_runs, hidden, lr, steps):
    finals = []
    for _ in range(n_runs):   # one init_params call per run: not the stacked draw the task asks for
        net = mlp.init_params(sizes, rng, init="xavier_normal")
        finals.append(float(train(net, X, Y, hidden=hidden, lr=lr, steps=steps, record_every=steps)[1].final_loss))
    return float(poor_runs(np.array(finals)).mean())


p_measured = failure_rate([2, 3, 1], X5, Y5, np.random.default_rng(5), n_runs=200, hidden="tanh", lr=1.0, steps=1500)
