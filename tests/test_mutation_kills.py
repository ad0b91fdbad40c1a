"""Tests written to kill mutants that nnlib's other tests let survive (see tools/mutation.py).

Each test pins a property that a surviving mutant broke: the dtype promised by a docstring, the
wording of an error message that names the argument, an edge value.
"""

import numpy as np
import pytest

from nnlib import activations


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "linear"])
def test_activations_return_float64_for_integer_input(name):
    # the course computes in float64: integer input must not give integer A or g'
    act = activations.get_activation(name)
    Z = np.array([[-2, 0, 3]])
    assert act.g(Z).dtype == np.float64 and act.g_prime(Z).dtype == np.float64


@pytest.mark.parametrize("func", [activations.sigmoid, activations.sigmoid_prime, activations.relu_prime,
                                  activations.linear, activations.linear_prime])
def test_functions_that_convert_to_float64_do_so_for_float32(func):
    # these convert explicitly (their docstrings and the dtype argument say float64); tanh and relu keep float32
    assert func(np.array([[-2.0, 0.0, 3.0]], dtype=np.float32)).dtype == np.float64


def test_linear_prime_is_one_everywhere():
    assert np.array_equal(activations.linear_prime(np.array([[-3, 0, 5]])), np.ones((1, 3)))


def test_unknown_activation_names_what_it_is_for():
    with pytest.raises(ValueError, match=r"^unknown activation 'swish'; valid names: \['linear', 'relu'"):
        activations.get_activation("swish")
    with pytest.raises(ValueError, match=r"^unknown hidden activation 'swish'"):
        activations.get_activation("swish", "hidden activation")
