# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: nudge_growth
# expect: lose
# tests: test_nudge_growth
# why: bug: fits log10 of the distance (the rate comes out 2.3 times too small)
def distance_curve(params, X, Y, *, hidden, lr, eps, rng, steps, every=10):
    net = {k: v + eps * rng.standard_normal(v.shape) if k.startswith("W") else v.copy() for k, v in params.items()}
    record, distance = [0], [unit_distance(net["W1"], net["b1"])]
    for _ in range(steps // every):
        net, _ = train(net, X, Y, hidden=hidden, lr=lr, steps=every, record_every=every)
        record.append(record[-1] + every)
        distance.append(unit_distance(net["W1"], net["b1"]))
    return np.array(record), np.array(distance)


def growth_rate(steps, distance, linear_below=1e-3):
    steps, distance = np.asarray(steps, dtype=float), np.asarray(distance, dtype=float)
    grown = np.flatnonzero(distance >= 10 * distance[0])
    above = np.flatnonzero(distance > linear_below)
    start = grown[0] if grown.size else len(distance)
    end = above[0] if above.size else len(distance)
    if end - start < 2:
        raise ValueError("too few records in the window")
    slope, _ = np.polyfit(steps[start:end], np.log10(distance[start:end]), 1)
    return float(slope)

