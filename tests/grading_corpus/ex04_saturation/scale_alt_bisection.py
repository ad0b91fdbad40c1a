# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: good_scale
# expect: full
# tests: test_good_scale
# why: correct: the scale where the deepest layer's std crosses 0.6, by bisection on activation_stds
low, high = 0.05, 0.2
for _ in range(12):
    mid = (low + high) / 2
    if activation_stds(mid, 10, 256, 512, np.random.default_rng(0))[-1] < 0.6:
        low = mid
    else:
        high = mid
good_scale = float(high)
