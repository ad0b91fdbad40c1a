# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: nudge_prediction
# expect: lose
# tests: test_nudge_prediction
# why: bug: the rate read off lesson 03's printed growth (x1490 over 1000 steps), not measured here
def steps_to_reach(rate, steps_from, eps_from, eps_to):
    if not rate > 0:
        raise ValueError("rate must be > 0")
    return float(steps_from + np.log(eps_from / eps_to) / rate)


s6, d6 = distance_curve(at_rest, X4, Y4, hidden="tanh", lr=1.0, eps=1e-6, rng=np.random.default_rng(40), steps=3000)
rate_measured = np.log(1490) / 1000  # lesson 03: x1490 over steps 0-1000
reached_from = int(s6[np.argmax(d6 >= 1e-3)])
predicted_steps = steps_to_reach(rate_measured, reached_from, 1e-6, 1e-12)
s12, d12 = distance_curve(at_rest, X4, Y4, hidden="tanh", lr=1.0, eps=1e-12, rng=np.random.default_rng(40),
                          steps=int(predicted_steps * 1.5))
measured_steps = int(s12[np.argmax(d12 >= 1e-3)])
