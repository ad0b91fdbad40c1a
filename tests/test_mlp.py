"""The MLP against independent references: a scalar autodiff engine, finite differences, closed forms."""

import math

import numpy as np
import pytest
from conftest import binary_labels, onehot_labels

from nnlib import mlp
from nnlib.gradcheck import grad_check, relative_error


class Value:
    """A scalar with reverse-mode autodiff, micrograd style — shares no code with nnlib."""

    def __init__(self, data, parents=(), local=()):
        self.data, self.grad, self._parents, self._local = float(data), 0.0, parents, local

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0))

    __radd__ = __add__

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data))

    __rmul__ = __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def apply(self, f, df):
        return Value(f(self.data), (self,), (df(self.data),))

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for p in v._parents:
                    visit(p)
                order.append(v)

        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            for p, d in zip(v._parents, v._local, strict=True):
                p.grad += d * v.grad


def s(x):
    return 1 / (1 + math.exp(-x))


SCALAR = {
    "sigmoid": lambda v: v.apply(s, lambda x: s(x) * (1 - s(x))),
    "tanh": lambda v: v.apply(math.tanh, lambda x: 1 - math.tanh(x) ** 2),
    "relu": lambda v: v.apply(lambda x: max(x, 0.0), lambda x: float(x > 0)),
    "linear": lambda v: v,
}
LOG = lambda v: v.apply(math.log, lambda x: 1 / x)  # noqa: E731
EXP = lambda v: v.apply(math.exp, math.exp)  # noqa: E731


def scalar_loss(params, X, Y, hidden, output):
    """Loss and gradients of a network built from Values, one example at a time."""
    L = len(params) // 2
    P = {k: [[Value(x) for x in row] for row in v] for k, v in params.items()}
    total = Value(0.0)
    m = X.shape[1]
    for j in range(m):
        a = [Value(x) for x in X[:, j]]
        for l in range(1, L + 1):
            W, b = P[f"W{l}"], P[f"b{l}"]
            z = [sum((w * x for w, x in zip(W[i], a, strict=True)), Value(0.0)) + b[i][0] for i in range(len(W))]
            a = [SCALAR[hidden](zi) for zi in z] if l < L else z
        if output == "sigmoid":
            for zi, y in zip(a, Y[:, j].tolist(), strict=True):  # naive BCE is fine at these small scales
                p = SCALAR["sigmoid"](zi)
                total = total - (y * LOG(p) + (1 - y) * LOG(1 - p))
        else:
            e = [EXP(zi) for zi in a]
            norm = sum(e, Value(0.0))
            total = total - sum((y * LOG(ei * norm.apply(lambda x: 1 / x, lambda x: -1 / x**2))
                                 for ei, y in zip(e, Y[:, j].tolist(), strict=True)), Value(0.0))
    total = total * (1.0 / m)
    total.backward()
    grads = {"d" + k: np.array([[x.grad for x in row] for row in v]) for k, v in P.items()}
    return total.data, grads


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu", "linear"])
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_against_scalar_autodiff(hidden, output, rng):
    params = mlp.init_params([3, 4, 3, 2], rng, init="normal", std=0.8)
    for k in params:
        params[k] = params[k] + 0.1 * rng.standard_normal(params[k].shape)  # non-zero biases too
    X = rng.standard_normal((3, 5))
    Y = binary_labels(rng, 2, 5) if output == "sigmoid" else onehot_labels(rng, 2, 5)
    AL, cache = mlp.forward(params, X, hidden, output)
    grads = mlp.backward(params, cache, Y)
    ref_loss, ref_grads = scalar_loss(params, X, Y, hidden, output)
    assert mlp.loss(params, X, Y, hidden, output) == pytest.approx(ref_loss, rel=1e-12)
    for key, g in ref_grads.items():
        np.testing.assert_allclose(grads[key], g, rtol=1e-9, atol=1e-12, err_msg=key)


def away_from_kink(params, X, hidden, margin=1e-3):
    _, cache = mlp.forward(params, X, hidden)
    return hidden != "relu" or all(np.abs(cache[f"Z{l}"]).min() > margin for l in range(1, cache["L"]))


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu", "linear"])
@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("stack", [None, 3])
@pytest.mark.parametrize("depth", [1, 2, 3, 4])
def test_gradient_check(hidden, output, stack, depth):
    """Backprop agrees with centred differences for every activation × output × stacking × depth."""
    rng = np.random.default_rng(depth * 100 + (stack or 0))
    sizes = [3] + [4] * (depth - 1) + [3]
    lead = () if stack is None else (stack,)
    for _ in range(100):  # redraw until no ReLU pre-activation sits within 1e-3 of the kink
        params = mlp.init_params(sizes, rng, init="normal", std=1.0, stack=stack)
        params = {k: v + 0.1 * rng.standard_normal(v.shape) for k, v in params.items()}
        X = rng.standard_normal((3, 6))
        if away_from_kink(params, X, hidden):
            break
    Y = binary_labels(rng, 3, 6, lead) if output == "sigmoid" else onehot_labels(rng, 3, 6, lead)
    assert grad_check(params, X, Y, hidden, output) < 1e-7


def test_stacked_equals_separate(rng):
    params = mlp.init_params([2, 5, 4, 3], rng, stack=4)
    X = rng.standard_normal((2, 9))
    Y = onehot_labels(rng, 3, 9, (4,))
    AL, cache = mlp.forward(params, X, "tanh", "softmax")
    grads = mlp.backward(params, cache, Y)
    losses = mlp.loss(params, X, Y, "tanh", "softmax")
    assert losses.shape == (4,)
    for k in range(4):
        single = {key: v[k] for key, v in params.items()}
        AL_k, cache_k = mlp.forward(single, X, "tanh", "softmax")
        np.testing.assert_allclose(AL[k], AL_k, rtol=1e-14)
        g_k = mlp.backward(single, cache_k, Y[k])
        assert relative_error({key: v[k] for key, v in grads.items()}, g_k) < 1e-14
        assert losses[k] == pytest.approx(mlp.loss(single, X, Y[k], "tanh", "softmax"), rel=1e-14)


def test_stacked_inputs(rng):
    params = mlp.init_params([2, 3, 1], rng, stack=2)
    X = rng.standard_normal((2, 2, 5))
    AL, _ = mlp.forward(params, X)
    for k in range(2):
        np.testing.assert_allclose(AL[k], mlp.forward({key: v[k] for key, v in params.items()}, X[k])[0])


def test_zero_params_loss_is_ln2_and_ln_c(rng):
    X = rng.standard_normal((2, 10))
    params = mlp.init_params([2, 4, 1], rng, init="zeros")
    assert mlp.loss(params, X, binary_labels(rng, 1, 10)) == pytest.approx(math.log(2), abs=1e-15)
    params = mlp.init_params([2, 4, 5], rng, init="zeros")
    assert mlp.loss(params, X, onehot_labels(rng, 5, 10), output="softmax") == pytest.approx(math.log(5))


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_loss_finite_at_scale_100_and_matches_large_margin_limit(output, rng):
    params = mlp.init_params([2, 20, 20, 3], rng, init="normal", std=100.0)
    X = rng.standard_normal((2, 50))
    Y = binary_labels(rng, 3, 50) if output == "sigmoid" else onehot_labels(rng, 3, 50)
    value = mlp.loss(params, X, Y, "relu", output)
    assert np.isfinite(value) and value > 0
    # For huge logits cross-entropy becomes piecewise linear: sum of max(z,0) - y z (sigmoid) or max z - z_y.
    _, cache = mlp.forward(params, X, "relu", output)
    Z = cache["Z3"]
    limit = (np.maximum(Z, 0) - Y * Z).sum(0).mean() if output == "sigmoid" else (Z.max(0) - (Y * Z).sum(0)).mean()
    assert value == pytest.approx(limit, rel=1e-3)


def test_naive_loss_gives_inf_where_stable_does_not(rng):
    params = mlp.init_params([2, 1], rng, init="constant", value=500.0)
    X = np.ones((2, 1))
    Y = np.zeros((1, 1))
    with np.errstate(divide="ignore"):
        a = mlp.forward(params, X)[0]
        naive = -(Y * np.log(a) + (1 - Y) * np.log(1 - a)).mean()
    assert np.isinf(naive)
    assert mlp.loss(params, X, Y) == pytest.approx(1000.0)


def test_accuracy(rng):
    params = mlp.init_params([2, 1], rng, init="zeros")
    params["W1"][:] = [[1.0, 0.0]]
    X = np.array([[1.0, -1.0, 2.0, -3.0], [0, 0, 0, 0]])
    assert mlp.accuracy(params, X, np.array([[1.0, 0.0, 0.0, 0.0]])) == 0.75


def test_dropout_mask_and_expectation(rng):
    params = mlp.init_params([3, 200, 1], rng)
    X = rng.standard_normal((3, 400))
    _, clean = mlp.forward(params, X)
    _, cache = mlp.forward(params, X, keep_prob=0.8, rng=rng)
    D = cache["D1"]
    assert set(np.unique(D)) <= {0.0, 1 / 0.8}
    assert abs((D > 0).mean() - 0.8) < 0.01
    # inverted dropout keeps the expected activation: E[A * D] = A
    assert abs(cache["A1"].mean() / clean["A1"].mean() - 1) < 0.02
    grads = mlp.backward(params, cache, binary_labels(rng, 1, 400))
    assert grads["dW1"].shape == params["W1"].shape


def test_init_params_shapes_and_zero_biases(rng):
    params = mlp.init_params([4, 7, 5, 2], rng, init="xavier_normal", gain=2.0)
    assert [params[f"W{l}"].shape for l in (1, 2, 3)] == [(7, 4), (5, 7), (2, 5)]
    assert all(not params[f"b{l}"].any() for l in (1, 2, 3))
    custom = mlp.init_params([2, 3], rng, init=lambda shape, rng, c: np.full(shape, c), c=0.5)
    assert np.all(custom["W1"] == 0.5)


def test_a_callable_init_gets_the_rng_and_the_hyper_parameters():
    def scaled(shape, rng, scale):
        return scale * rng.standard_normal(shape)

    params = mlp.init_params([3, 4, 2], np.random.default_rng(5), init=scaled, scale=0.5)
    reference = np.random.default_rng(5)  # the same draws, in layer order
    np.testing.assert_array_equal(params["W1"], 0.5 * reference.standard_normal((4, 3)))
    np.testing.assert_array_equal(params["W2"], 0.5 * reference.standard_normal((2, 4)))
    with pytest.raises(TypeError, match=r"^init must be an initializer name or a callable, got int$"):
        mlp.init_params([3, 4, 2], np.random.default_rng(5), init=5)


def test_accuracy_checks_one_hot_labels_for_softmax(rng):
    params = mlp.init_params([2, 3, 3], rng)
    X, Y = rng.standard_normal((2, 4)), np.eye(3)[:, [0, 1, 2, 0]]
    Y[1, 0] = 1.0  # column 0 has two ones
    with pytest.raises(ValueError, match="one-hot"):
        mlp.accuracy(params, X, Y, output="softmax")


MLP_ERRORS = [
    (lambda rng: mlp.init_params("2,3,1", rng), ValueError, r"^layer_sizes must be a list like \[n_x, n_1,"),
    (lambda rng: mlp.init_params(np.array([2, 3, 1]), rng), ValueError, r"^layer_sizes must be a list like"),
    (lambda rng: mlp.init_params([2, 3, 1], 7), TypeError, r"^init_params: rng must be a numpy.random.Generator"),
    (lambda rng: mlp.init_params([2, 3, 1], rng, stack=0), ValueError, r"^stack must be an integer >= 1, got 0$"),
    (lambda rng: mlp.init_params([2, 3, 1], rng, stack=2.5), TypeError, r"^stack must be an integer >= 1, got 2.5"),
    (lambda rng: mlp.init_params([3, 4], rng, init=lambda shape, rng: np.zeros(2)), ValueError,
     r"^initializer returned shape \(2,\) for layer 1, expected \(4, 3\)$"),
    (lambda rng: mlp.forward(mlp.init_params([2, 3, 1], rng), np.ones((2, 4)), hidden="softplus"), ValueError,
     r"^unknown hidden activation 'softplus'; valid names"),
    (lambda rng: mlp.forward(mlp.init_params([2, 3, 1], rng), np.ones((2, 4)), keep_prob=0.5), TypeError,
     r"^forward with dropout: rng must be a numpy.random.Generator"),
    (lambda rng: mlp.backward(mlp.init_params([2, 3, 1], rng), {"L": 1}, np.ones((1, 4))), ValueError,
     r"^cache must be the dict returned by forward\(\) for these params$"),
    (lambda rng: mlp.loss(mlp.init_params([2, 3, 1], rng), np.ones((2, 4)), np.ones((1, 4)), output="softmax"),
     ValueError, "at least 2 output units"),
    (lambda rng: mlp.accuracy(mlp.init_params([2, 3, 1], rng), np.ones((2, 4)), np.ones((1, 4)), output="softmax"),
     ValueError, "at least 2 output units"),
]


@pytest.mark.parametrize(("call", "error", "message"), MLP_ERRORS, ids=range(len(MLP_ERRORS)))
def test_bad_input_names_the_argument(call, error, message, rng):
    with pytest.raises(error, match=message):
        call(rng)


def test_stacked_label_and_example_mismatches_give_the_shapes(rng):
    params = mlp.init_params([2, 3, 1], rng, stack=2)
    X = rng.standard_normal((2, 2, 4))
    _, cache = mlp.forward(params, X)
    with pytest.raises(ValueError, match=r"^Y has shape \(3, 1, 4\) but the output A2 has shape \(2, 1, 4\)$"):
        mlp.backward(params, cache, np.ones((3, 1, 4)))
    with pytest.raises(ValueError, match=r"^Y has 3 examples \(shape \(2, 1, 3\)\) but X has 4$"):
        mlp.loss(params, X, np.ones((2, 1, 3)))
    Y = np.eye(3)[:, [0, 1, 2, 0]]
    Y[1, 0] = 1.0  # not one-hot
    soft = mlp.init_params([2, 3, 3], rng)
    _, cache = mlp.forward(soft, X[0], output="softmax")
    with pytest.raises(ValueError, match="one-hot"):
        mlp.backward(soft, cache, Y)


def test_a_callable_initializers_output_becomes_float64(rng):
    params = mlp.init_params([3, 4, 1], rng, init=lambda shape, rng: np.ones(shape, dtype=np.float32))
    assert params["W1"].dtype == np.float64 and params["W2"].dtype == np.float64


def test_relu_passes_no_gradient_at_exactly_zero(rng):
    # W1 = 0, b1 = 0: every Z1 is exactly 0, where relu'(0) = 0 — so dW1 = 0 although W2 is not 0
    params = {"W1": np.zeros((4, 2)), "b1": np.zeros((4, 1)), "W2": rng.standard_normal((1, 4)), "b2": np.zeros((1, 1))}
    X, Y = rng.standard_normal((2, 6)), binary_labels(rng, 1, 6)
    _, cache = mlp.forward(params, X, "relu")
    grads = mlp.backward(params, cache, Y)
    assert not grads["dW1"].any() and not grads["db1"].any() and grads["dW2"].shape == (1, 4)


def test_one_unit_layer_shortcut_is_the_matrix_product_bit_for_bit(rng):
    # below a one-unit layer backward_fast forms W^T dZ as an outer product; it must equal the BLAS product,
    # signed zeros included (the product is 0 + w z, which turns -0 into +0)
    params = mlp.init_params([2, 4, 1], rng)
    params["W2"][0, 1] = 0.0  # w = 0 with negative dZ entries gives -0 in w * z
    X, Y = rng.standard_normal((2, 8)), np.zeros((1, 8))
    Y[0, ::2] = 1.0  # dZ2 = A2 - Y takes both signs
    _, cache = mlp.forward(params, X, "tanh")
    mlp.backward(params, cache, Y)
    dZ2 = cache["A2"] - Y
    expected = (params["W2"].swapaxes(-1, -2) @ dZ2) * (1 - cache["A1"] ** 2)
    assert np.array_equal(cache["dZ1"], expected)
    assert np.array_equal(np.signbit(cache["dZ1"]), np.signbit(expected))


def test_integer_biases_give_the_same_forward_pass(rng):
    params = mlp.init_params([2, 3, 1], rng)
    params["b1"] = np.array([[1], [-2], [0]])
    floats = {k: v.astype(float) for k, v in params.items()}
    X = rng.standard_normal((2, 5))
    assert np.array_equal(mlp.forward(params, X, "tanh")[0], mlp.forward(floats, X, "tanh")[0])
