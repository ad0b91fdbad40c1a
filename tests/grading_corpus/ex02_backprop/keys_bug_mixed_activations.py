# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: correct_keys
# expect: lose
# tests: test_correct_keys
# why: bug: the buggy gradients taken from a relu forward pass (mlp's default), the numerical ones with tanh
_, c = mlp.forward(net, X_bug)
g_bug = buggy_backward(net, c, Y_bug)
g_num = numerical_gradient(lambda p: mlp.loss(p, X_bug, Y_bug, hidden="tanh"), net)
correct_keys = {k for k in g_num if relative_error({k: g_bug[k]}, {k: g_num[k]}) < 1e-7}
