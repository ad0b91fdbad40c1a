# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: failure_rate
# expect: full
# tests: test_failure_rate
# why: correct: argsort and a mid-gap threshold; the stacked draw trained one network at a time
def poor_runs(final_loss):
    values = np.array(final_loss, dtype=float)
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    poor = np.full(len(values), False)
    if len(values) < 2:
        return poor
    widths = sorted_values[1:] - sorted_values[:-1]
    widest = int(np.argmax(widths))
    if widths[widest] == 0:
        return poor
    threshold = 0.5 * (sorted_values[widest] + sorted_values[widest + 1])
    for i, v in enumerate(values):
        poor[i] = v > threshold
    return poor


def failure_rate(sizes, X, Y, rng, *, n_runs, hidden, lr, steps):
    drawn = mlp.init_params(sizes, rng, init="xavier_normal", stack=n_runs)
    finals = []
    for r in range(n_runs):
        one = {name: array[r] for name, array in drawn.items()}
        _, hist = train(one, X, Y, hidden=hidden, lr=lr, steps=steps, record_every=steps)
        finals.append(float(hist.final_loss))
    flags = poor_runs(np.array(finals))
    return sum(flags) / len(flags)


p_measured = failure_rate([2, 3, 1], X5, Y5, np.random.default_rng(5), n_runs=200, hidden="tanh", lr=1.0, steps=1500)
