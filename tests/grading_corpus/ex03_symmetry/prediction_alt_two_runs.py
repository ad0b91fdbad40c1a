# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: nudge_prediction
# expect: full
# tests: test_nudge_prediction
# why: correct: math.log; the delay extrapolated from two nudges (1e-6 and 1e-9) without a fit
import math


def steps_to_reach(rate, steps_from, eps_from, eps_to):
    if rate <= 0:
        raise ValueError("rate must be positive")
    factor = eps_from / eps_to          # how much the smaller nudge must make up
    return steps_from + math.log(factor) / rate


def first_at(eps, steps):
    s, d = distance_curve(at_rest, X4, Y4, hidden="tanh", lr=1.0, eps=eps, rng=np.random.default_rng(40), steps=steps)
    return int(s[np.nonzero(d >= 1e-3)[0][0]])


reached_from = first_at(1e-6, 3000)
reached_9 = first_at(1e-9, 6000)
rate_measured = math.log(1000) / (reached_9 - reached_from)   # a factor 1000 took this many steps
predicted_steps = reached_9 + (reached_9 - reached_from)      # another factor 1000
measured_steps = first_at(1e-12, 9000)
