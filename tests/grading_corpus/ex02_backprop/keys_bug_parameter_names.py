# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: correct_keys
# expect: lose
# tests: test_correct_keys
# why: bug: the parameter names (W1, ...) instead of the gradient keys (dW1, ...)
_, c = mlp.forward(net, X_bug, hidden="tanh")
g_bug = buggy_backward(net, c, Y_bug)
g_num = numerical_gradient(lambda p: mlp.loss(p, X_bug, Y_bug, hidden="tanh"), net)
correct_keys = {k[1:] for k in g_num if relative_error({k: g_bug[k]}, {k: g_num[k]}) < 1e-7}
