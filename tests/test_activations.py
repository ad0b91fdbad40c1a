"""Activations: values, derivatives (against finite differences), stability, registry."""

import numpy as np
import pytest

from nnlib.activations import ACTIVATIONS, get_activation, sigmoid

NAMES = sorted(ACTIVATIONS)


def test_registry_names():
    assert set(NAMES) == {"sigmoid", "tanh", "relu", "linear"}


@pytest.mark.parametrize("name", NAMES)
def test_derivative_matches_finite_differences(name, rng):
    act = get_activation(name)
    Z = rng.uniform(-4, 4, size=(3, 5, 7))
    Z = Z[np.abs(Z) > 1e-3] if name == "relu" else Z  # away from ReLU's kink
    h = 1e-6
    numeric = (act.g(Z + h) - act.g(Z - h)) / (2 * h)
    np.testing.assert_allclose(act.g_prime(Z), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", NAMES)
def test_shape_preserved(name, rng):
    Z = rng.standard_normal((4, 3, 2))
    act = get_activation(name)
    assert act.g(Z).shape == Z.shape and act.g_prime(Z).shape == Z.shape


def test_sigmoid_closed_form_and_symmetry(rng):
    Z = rng.uniform(-30, 30, 1000)
    np.testing.assert_allclose(sigmoid(Z), 1 / (1 + np.exp(-Z)), rtol=1e-12)
    np.testing.assert_allclose(sigmoid(-Z), 1 - sigmoid(Z), atol=1e-15)


def test_sigmoid_no_overflow_at_1e4():
    Z = np.array([-1e4, -800.0, -1.0, 0.0, 1.0, 800.0, 1e4])
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        A = sigmoid(Z)
        dA = get_activation("sigmoid").g_prime(Z)
    assert np.all(np.isfinite(A)) and np.all(np.isfinite(dA))
    assert A[0] == 0.0 and A[-1] == 1.0 and A[3] == 0.5


def test_derivative_values_at_zero():
    z = np.zeros((1, 1))
    assert get_activation("sigmoid").g_prime(z)[0, 0] == 0.25
    assert get_activation("tanh").g_prime(z)[0, 0] == 1.0
    assert get_activation("relu").g_prime(z)[0, 0] == 0.0  # the convention zero-init relies on
    assert get_activation("linear").g_prime(z)[0, 0] == 1.0


def test_saturation_rules():
    assert get_activation("sigmoid").saturated(np.array([0.005, 0.5, 0.995])).tolist() == [True, False, True]
    assert get_activation("tanh").saturated(np.array([-0.995, 0.0, 0.995])).tolist() == [True, False, True]
    assert get_activation("relu").saturated(np.array([0.0, 1.0])).tolist() == [True, False]
    assert not get_activation("linear").saturated(np.array([1e9])).any()


def test_unknown_activation_lists_valid_names():
    with pytest.raises(ValueError, match="valid names.*relu"):
        get_activation("softsign")


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int8, np.int64])
@pytest.mark.parametrize("shape", [(7,), (3, 7), (2, 3, 7)])
def test_relu_is_maximum_with_zero_in_its_dtype(dtype, shape, rng):
    # the reference is numpy's max(z, 0.0): the same values (nan and -0.0 included) and the same dtype — float
    # inputs keep their precision, integers become float64
    Z = (10 * rng.standard_normal(shape)).astype(dtype)
    if Z.dtype.kind == "f":
        Z.flat[:3] = [np.nan, -0.0, 0.0]
    expected = np.maximum(Z, 0.0)
    got = get_activation("relu").g(Z)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)
    assert np.array_equal(np.signbit(got), np.signbit(expected))
