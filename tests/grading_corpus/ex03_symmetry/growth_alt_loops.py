# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: nudge_growth
# expect: full
# tests: test_nudge_growth
# why: correct: loops over the parameters and unit pairs, own distance, window found by scanning, lstsq fit
def distance_curve(params, X, Y, *, hidden, lr, eps, rng, steps, every=10):
    def largest_pair_distance(net):
        rows = np.hstack([net["W1"], net["b1"]])
        best = 0.0
        for i in range(len(rows)):
            for j in range(i + 1, len(rows)):
                best = max(best, float(np.sqrt(np.sum((rows[i] - rows[j]) ** 2))))
        return best

    net = {}
    for name in params:
        net[name] = params[name].copy()
        if name[0] == "W":
            net[name] = net[name] + eps * rng.normal(0.0, 1.0, size=params[name].shape)
    when, far = [0], [largest_pair_distance(net)]
    done = 0
    while done + every <= steps:
        net, _ = train(net, X, Y, hidden=hidden, lr=lr, steps=every, record_every=every)
        done += every
        when.append(done)
        far.append(largest_pair_distance(net))
    return np.array(when), np.array(far)


def growth_rate(steps, distance, linear_below=1e-3):
    first = None
    for i, d in enumerate(distance):
        if d >= 10 * distance[0]:
            first = i
            break
    if first is None:
        raise ValueError("the distance never grows tenfold")
    last = first
    while last < len(distance) and distance[last] <= linear_below:
        last += 1
    if last - first < 2:
        raise ValueError("fewer than two records in the window")
    t = np.asarray(steps[first:last], dtype=float)
    A = np.column_stack([t, np.ones_like(t)])
    coef, *_ = np.linalg.lstsq(A, np.log(np.asarray(distance[first:last], dtype=float)), rcond=None)
    return float(coef[0])
