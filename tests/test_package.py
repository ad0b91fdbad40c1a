"""Smoke test: the package imports and reports its version (so pytest always has a test to run)."""

import nnlib


def test_import_and_version():
    assert isinstance(nnlib.__version__, str)
    assert nnlib.__version__
