"""nnlib.alignment (symmetries of hidden units) and nnlib.landscape (gradient, Hessian)."""

import numpy as np
import pytest

from nnlib import mlp
from nnlib.alignment import align, aligned_distance, flat
from nnlib.landscape import flat_grad, hessian


def scrambled(params, rng, signs=True):
    # the same function: hidden units permuted (and sign-flipped, an exact symmetry for odd activations)
    out = {k: v.copy() for k, v in params.items()}
    L = len(params) // 2
    for l in range(1, L):
        n = out[f"W{l}"].shape[-2]
        order = rng.permutation(n)
        s = rng.choice([-1.0, 1.0], size=n) if signs else np.ones(n)
        s[0] = -1.0 if signs else 1.0          # at least one flip
        out[f"W{l}"] = out[f"W{l}"][order] * s[:, None]
        out[f"b{l}"] = out[f"b{l}"][order] * s[:, None]
        out[f"W{l + 1}"] = out[f"W{l + 1}"][:, order] * s[None, :]
    return out


@pytest.mark.parametrize("sizes", [[2, 16, 1], [3, 8, 6, 2]])
def test_align_undoes_permutations_and_sign_flips(sizes):
    rng = np.random.default_rng(0)
    ref = mlp.init_params(sizes, rng, init="xavier_normal")
    ref = {k: v + (0.3 * rng.normal(size=v.shape) if k.startswith("b") else 0) for k, v in ref.items()}
    other = scrambled(ref, rng)
    X = rng.normal(size=(sizes[0], 20))
    np.testing.assert_allclose(mlp.forward(other, X, "tanh")[0], mlp.forward(ref, X, "tanh")[0], atol=1e-12)
    assert np.linalg.norm(flat(ref) - flat(other)) > 1.0
    assert aligned_distance(ref, other, "tanh") < 1e-12


def test_align_keeps_the_function_and_never_increases_the_distance():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(2, 30))
    for _ in range(5):
        a = mlp.init_params([2, 10, 1], rng, init="xavier_normal")
        b = mlp.init_params([2, 10, 1], rng, init="xavier_normal")
        b_aligned = align(a, b, "tanh")
        np.testing.assert_allclose(mlp.forward(b_aligned, X, "tanh")[0], mlp.forward(b, X, "tanh")[0], atol=1e-12)
        assert aligned_distance(a, b, "tanh") <= np.linalg.norm(flat(a) - flat(b)) + 1e-12


def test_align_uses_sign_flips_only_for_odd_activations():
    rng = np.random.default_rng(2)
    ref = mlp.init_params([2, 6, 1], rng, init="he_normal")
    flipped = scrambled(ref, rng, signs=True)
    permuted = scrambled(ref, rng, signs=False)
    assert aligned_distance(ref, permuted, "relu") < 1e-12
    # for ReLU a sign flip changes the function, so align must not undo it
    assert aligned_distance(ref, flipped, "relu") > 0.1
    assert aligned_distance(ref, flipped, "tanh") < 1e-12
    X = rng.normal(size=(2, 10))
    r = align(ref, flipped, "relu")
    np.testing.assert_allclose(mlp.forward(r, X, "relu")[0], mlp.forward(flipped, X, "relu")[0], atol=1e-12)


def test_align_rejects_mismatched_or_stacked_networks():
    rng = np.random.default_rng(3)
    a = mlp.init_params([2, 4, 1], rng)
    with pytest.raises(ValueError, match="same shapes"):
        align(a, mlp.init_params([2, 5, 1], rng))
    with pytest.raises(ValueError, match="unstacked"):
        align(a, mlp.init_params([2, 4, 1], rng, stack=2))


def test_flat_grad_matches_backward():
    rng = np.random.default_rng(4)
    p = mlp.init_params([2, 5, 1], rng, init="xavier_normal")
    X, Y = rng.normal(size=(2, 40)), (rng.random((1, 40)) > 0.5).astype(float)
    _, cache = mlp.forward(p, X, "tanh")
    g = mlp.backward(p, cache, Y)
    np.testing.assert_array_equal(flat_grad(p, X, Y, "tanh"),
                                  np.concatenate([g[k].ravel() for k in ("dW1", "db1", "dW2", "db2")]))


def test_hessian_of_logistic_regression_matches_the_closed_form():
    rng = np.random.default_rng(5)
    p = {"W1": rng.normal(size=(1, 3)), "b1": rng.normal(size=(1, 1))}
    X, Y = rng.normal(size=(3, 50)), (rng.random((1, 50)) > 0.5).astype(float)
    a = mlp.forward(p, X, "relu")[0][0]
    Xb = np.concatenate([X, np.ones((1, 50))])                    # parameters ordered W1 then b1
    H_exact = (Xb * (a * (1 - a))) @ Xb.swapaxes(-1, -2) / 50
    np.testing.assert_allclose(hessian(p, X, Y), H_exact, atol=1e-8)


def test_hessian_matches_second_differences_of_the_loss():
    rng = np.random.default_rng(6)
    p = mlp.init_params([2, 3, 1], rng, init="xavier_normal")
    X, Y = rng.normal(size=(2, 30)), (rng.random((1, 30)) > 0.5).astype(float)
    H = hessian(p, X, Y, "tanh")
    theta = flat(p)
    assert H.shape == (theta.size, theta.size)
    np.testing.assert_allclose(H, H.swapaxes(-1, -2))

    def loss_at(t):
        q, pos = {}, 0
        for k in ("W1", "b1", "W2", "b2"):
            q[k] = t[pos:pos + p[k].size].reshape(p[k].shape)
            pos += p[k].size
        return mlp.loss(q, X, Y, "tanh")

    h = 1e-4
    for i, j in [(0, 0), (1, 7), (4, 12)]:
        e_i, e_j = np.eye(theta.size)[i] * h, np.eye(theta.size)[j] * h
        d2 = (loss_at(theta + e_i + e_j) - loss_at(theta + e_i - e_j) - loss_at(theta - e_i + e_j)
              + loss_at(theta - e_i - e_j)) / (4 * h * h)
        assert H[i, j] == pytest.approx(d2, abs=1e-5)
    with pytest.raises(ValueError, match="unstacked"):
        hessian(mlp.init_params([2, 3, 1], rng, stack=2), X, Y)
