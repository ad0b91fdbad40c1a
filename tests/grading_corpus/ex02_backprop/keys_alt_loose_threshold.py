# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: correct_keys
# expect: full
# tests: test_correct_keys
# why: correct: per-key relative errors with nnlib-free code and a looser threshold 1e-5
_, c = mlp.forward(net, X_bug, hidden="tanh")
g_bug = buggy_backward(net, c, Y_bug)
g_num = numerical_gradient(lambda p: mlp.loss(p, X_bug, Y_bug, hidden="tanh"), net)
correct_keys = set()
for key in g_num:
    if relative_error({key: g_bug[key]}, {key: g_num[key]}) < 1e-5:
        correct_keys.add(key)
