"""Losses and accuracy from logits against independent references: scipy, the textbook formulas, and the
identity sigmoid(z) = softmax([0, z])[1]."""

import numpy as np
import pytest
import scipy.special
from conftest import binary_labels, onehot_labels

from nnlib.losses import accuracy_from_logits, cross_entropy, logsumexp, softmax, softplus


@pytest.mark.parametrize("shape", [(3, 4), (3, 1), (1, 4), (1, 1), (2, 3, 1), (2, 1, 3, 1), (1, 2, 5)])
def test_logsumexp_and_softmax_match_scipy_for_every_shape(shape, rng):
    # sizes of 1 included: a squeeze over the wrong axes would broadcast them into a wrong shape
    Z = 30 * rng.standard_normal(shape)
    expected = scipy.special.logsumexp(Z, axis=-2)
    got = logsumexp(Z)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-13)
    np.testing.assert_allclose(softmax(Z), scipy.special.softmax(Z, axis=-2), rtol=1e-12, atol=1e-300)


def test_softplus_is_log1p_exp_and_never_overflows():
    z = np.array([-800.0, -30.0, -1.0, 0.0, 1.0, 30.0, 800.0])
    np.testing.assert_allclose(softplus(z[1:-1]), np.log1p(np.exp(z[1:-1])), rtol=1e-14)
    assert softplus(z)[-1] == 800.0 and 0.0 <= softplus(z)[0] < 1e-300


def test_sigmoid_cross_entropy_is_the_textbook_formula(rng):
    ZL, Y = rng.standard_normal((3, 7)), binary_labels(rng, 3, 7)
    A = 1 / (1 + np.exp(-ZL))
    textbook = -(Y * np.log(A) + (1 - Y) * np.log(1 - A)).sum(axis=0).mean()
    assert cross_entropy(ZL, Y, "sigmoid") == pytest.approx(textbook, rel=1e-13)
    assert cross_entropy(ZL, Y) == cross_entropy(ZL, Y, "sigmoid")  # sigmoid is the default


def test_sigmoid_is_two_class_softmax(rng):
    # sigmoid(z) = softmax([0, z])[1]: loss and accuracy must agree, ties at z = 0 included (class 0 for both:
    # the sigmoid unit predicts 1 only for z > 0, argmax picks the first of equal logits)
    z = np.concatenate([rng.standard_normal((1, 20)), np.zeros((1, 6))], axis=1)
    y = binary_labels(rng, 1, 26)
    both = np.concatenate([np.zeros_like(z), z]), np.concatenate([1 - y, y])
    assert cross_entropy(z, y, "sigmoid") == pytest.approx(cross_entropy(*both, "softmax"), rel=1e-13)
    assert accuracy_from_logits(z, y, "sigmoid") == accuracy_from_logits(*both, "softmax")
    assert accuracy_from_logits(np.zeros((1, 2)), np.array([[0.0, 1.0]])) == 0.5  # z = 0 predicts 0


def _accuracy_loop(ZL, Y, output):
    """Per network, per example, per unit: the definition of accuracy written as loops."""
    lead = ZL.shape[:-2]
    acc = np.zeros(lead)
    for k in np.ndindex(*lead):
        z, y = ZL[k], Y[k] if Y.ndim == ZL.ndim else Y
        n, m = z.shape
        if output == "sigmoid":
            acc[k] = sum((z[i, j] > 0) == (y[i, j] == 1) for i in range(n) for j in range(m)) / (n * m)
        else:
            acc[k] = sum(int(np.argmax(z[:, j]) == np.argmax(y[:, j])) for j in range(m)) / m
    return acc


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
@pytest.mark.parametrize("lead", [(), (3,), (2, 3)])
def test_accuracy_matches_a_loop_for_stacked_logits(output, lead, rng):
    ZL = rng.standard_normal(lead + (3, 8))
    Y = binary_labels(rng, 3, 8, lead) if output == "sigmoid" else onehot_labels(rng, 3, 8, lead)
    acc = accuracy_from_logits(ZL, Y, output)
    assert np.shape(acc) == lead
    np.testing.assert_allclose(acc, _accuracy_loop(ZL, Y, output), rtol=1e-15)
    if output == "sigmoid":
        assert np.all(accuracy_from_logits(ZL, Y) == acc)  # sigmoid is the default


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_one_network_gives_a_python_float(output, rng):
    # a float prints as 0.69, a 0-d numpy value as np.float64(0.69): lessons print these
    ZL, Y = rng.standard_normal((2, 5)), onehot_labels(rng, 2, 5)
    assert type(cross_entropy(ZL, Y, output)) is float
    assert type(accuracy_from_logits(ZL, Y, output)) is float
