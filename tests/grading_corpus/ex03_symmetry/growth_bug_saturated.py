# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: nudge_growth
# expect: lose
# tests: test_nudge_growth
# why: bug: ignores linear_below and fits the saturated part of the curve too
def distance_curve(params, X, Y, *, hidden, lr, eps, rng, steps, every=10):
    net = {k: v + eps * rng.standard_normal(v.shape) if k.startswith("W") else v.copy() for k, v in params.items()}
    record, distance = [0], [unit_distance(net["W1"], net["b1"])]
    for _ in range(steps // every):
        net, _ = train(net, X, Y, hidden=hidden, lr=lr, steps=every, record_every=every)
        record.append(record[-1] + every)
        distance.append(unit_distance(net["W1"], net["b1"]))
    return np.array(record), np.array(distance)


def growth_rate(steps, distance, linear_below=1e-3):
    # fits every record after the tenfold growth, including the saturated part
    steps, distance = np.asarray(steps, dtype=float), np.asarray(distance, dtype=float)
    start = np.flatnonzero(distance >= 10 * distance[0])
    if start.size == 0 or len(distance) - start[0] < 2:
        raise ValueError("too few records")
    slope, _ = np.polyfit(steps[start[0]:], np.log(distance[start[0]:]), 1)
    return float(slope)
