"""Shared fixtures for the nnlib tests."""

import importlib.util
import shutil
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"


def load_tool(name):
    """Import the script ``tools/<name>.py`` as a module (the tools are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"{name}_tool", TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def nbgrader_course(root):
    """A temporary nbgrader course in ``root``: nbgrader_config.py and solutions/ copied, exercises generated.

    Returns the ``tools/exercises.py`` module, whose ``nbgrader_api(root)`` grades in that course.
    """
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    shutil.copytree(ROOT / "solutions", root / "solutions",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    exercises = load_tool("exercises")
    exercises.generate(root, quiet=True)
    return exercises


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


def binary_labels(rng, n_y, m, lead=()):
    """Random {0, 1} labels of shape lead + (n_y, m)."""
    return (rng.random(lead + (n_y, m)) < 0.5).astype(np.float64)


def onehot_labels(rng, n_y, m, lead=()):
    """Random one-hot columns of shape lead + (n_y, m)."""
    return np.moveaxis(np.eye(n_y)[rng.integers(0, n_y, size=lead + (m,))], -1, -2)
