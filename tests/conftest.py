"""Shared fixtures for the nnlib tests."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

TOOLS = Path(__file__).resolve().parent.parent / "tools"


def load_tool(name):
    """Import the script ``tools/<name>.py`` as a module (the tools are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"{name}_tool", TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


def binary_labels(rng, n_y, m, lead=()):
    """Random {0, 1} labels of shape lead + (n_y, m)."""
    return (rng.random(lead + (n_y, m)) < 0.5).astype(np.float64)


def onehot_labels(rng, n_y, m, lead=()):
    """Random one-hot columns of shape lead + (n_y, m)."""
    return np.moveaxis(np.eye(n_y)[rng.integers(0, n_y, size=lead + (m,))], -1, -2)
