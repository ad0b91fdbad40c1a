"""Property-based tests (hypothesis): shapes and stacking hold for any architecture."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from nnlib import mlp
from nnlib.initializers import INITIALIZERS

sizes = st.lists(st.integers(1, 6), min_size=2, max_size=5)
common = settings(max_examples=40, deadline=None)


@common
@given(layer_sizes=sizes, m=st.integers(1, 7), stack=st.one_of(st.none(), st.integers(1, 4)),
       hidden=st.sampled_from(["sigmoid", "tanh", "relu", "linear"]), seed=st.integers(0, 2**32 - 1))
def test_shapes_of_forward_and_backward(layer_sizes, m, stack, hidden, seed):
    rng = np.random.default_rng(seed)
    params = mlp.init_params(layer_sizes, rng, init="xavier_normal", stack=stack)
    lead = () if stack is None else (stack,)
    X = rng.standard_normal((layer_sizes[0], m))
    Y = (rng.random(lead + (layer_sizes[-1], m)) < 0.5).astype(float)
    AL, cache = mlp.forward(params, X, hidden)
    assert AL.shape == lead + (layer_sizes[-1], m)
    grads = mlp.backward(params, cache, Y)
    assert {k: v.shape for k, v in grads.items()} == {"d" + k: v.shape for k, v in params.items()}
    loss = mlp.loss(params, X, Y, hidden)
    assert np.shape(loss) == lead and np.all(np.isfinite(loss)) and np.all(np.asarray(loss) >= 0)


@common
@given(layer_sizes=sizes, m=st.integers(1, 6), K=st.integers(2, 4), seed=st.integers(0, 2**32 - 1),
       hidden=st.sampled_from(["sigmoid", "tanh", "relu"]))
def test_stacking_is_independent_networks(layer_sizes, m, K, seed, hidden):
    rng = np.random.default_rng(seed)
    params = mlp.init_params(layer_sizes, rng, init="lecun_normal", stack=K)
    X = rng.standard_normal((K, layer_sizes[0], m))
    Y = (rng.random((K, layer_sizes[-1], m)) < 0.5).astype(float)
    AL, cache = mlp.forward(params, X, hidden)
    grads = mlp.backward(params, cache, Y)
    k = int(rng.integers(K))
    single = {key: v[k] for key, v in params.items()}
    AL_k, cache_k = mlp.forward(single, X[k], hidden)
    g_k = mlp.backward(single, cache_k, Y[k])
    np.testing.assert_allclose(AL[k], AL_k, rtol=1e-12, atol=1e-15)
    for key in g_k:
        np.testing.assert_allclose(grads[key][k], g_k[key], rtol=1e-10, atol=1e-14)


@common
@given(name=st.sampled_from(sorted(INITIALIZERS)),
       shape=st.lists(st.integers(1, 5), min_size=2, max_size=4).map(tuple), seed=st.integers(0, 2**32 - 1))
def test_initializers_shape_determinism(name, shape, seed):
    a = INITIALIZERS[name](shape, np.random.default_rng(seed))
    b = INITIALIZERS[name](shape, np.random.default_rng(seed))
    assert a.shape == shape and a.dtype == np.float64
    np.testing.assert_array_equal(a, b)


@common
@given(z=st.floats(-1e4, 1e4), y=st.sampled_from([0.0, 1.0]))
def test_loss_finite_and_nonnegative_for_any_logit(z, y):
    params = {"W1": np.array([[z]]), "b1": np.zeros((1, 1))}
    value = mlp.loss(params, np.ones((1, 1)), np.array([[y]]))
    assert np.isfinite(value) and value >= 0
