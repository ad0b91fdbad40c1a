# ruff: noqa -- one notebook cell: its names come from the exercise's earlier cells
# cell: predicted_dropout
# expect: full
# tests: test_predicted_dropout
# why: correct: the prediction checked by measuring with moving_parameters' logic over seeds
predicted_dropout = set()
for seed in range(3):
    _, c = mlp.forward(zero_net, X_u, hidden="sigmoid", keep_prob=0.5, rng=np.random.default_rng(seed))
    g = mlp.backward(zero_net, c, Y_u)
    predicted_dropout |= {k for k in zero_net if np.any(g["d" + k] != 0)}
