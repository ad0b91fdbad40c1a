"""The lock (requirements/lock.txt) pins the whole environment, and everything else agrees with it.

``make lock`` writes the lock from pyproject.toml with uv (one file for Python 3.10-3.13, with
environment markers where versions differ); ``make lab`` / ``make test`` / CI install with
``pip install -c requirements/lock.txt``; environment.yml repeats the Python 3.11 versions for
conda. These tests check the relations that a hand edit or a forgotten ``make lock`` breaks.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = PYPROJECT["project"]
NAME = canonicalize_name(PROJECT["name"])
SUPPORTED = ["3.10", "3.11", "3.12", "3.13"]


def lock_entries():
    """``[(name, version, marker or None)]`` of every pin in the lock."""
    entries = []
    for line in LOCK.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        requirement, _, marker = line.partition(";")
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==([^\s]+)", requirement.strip())
        assert match, f"lock line is not an exact pin: {line!r}"
        entries.append((canonicalize_name(match[1]), match[2], Marker(marker) if marker.strip() else None))
    return entries


def pinned(python):
    """``{name: version}`` the lock installs on ``python`` (e.g. "3.11") on Linux."""
    env = {"python_version": python, "python_full_version": python + ".0", "sys_platform": "linux",
           "platform_system": "Linux", "platform_machine": "x86_64", "implementation_name": "cpython",
           "platform_python_implementation": "CPython", "os_name": "posix"}
    found = {}
    for name, version, marker in lock_entries():
        if marker is None or marker.evaluate(env):
            assert name not in found, f"{name} pinned twice for Python {python}"
            found[name] = version
    return found


def declared():
    """Every requirement of pyproject.toml (base and extras), without the self-references."""
    requirements = [Requirement(r) for r in PROJECT["dependencies"]]
    for extra in PROJECT["optional-dependencies"].values():
        requirements += [Requirement(r) for r in extra]
    return [r for r in requirements if canonicalize_name(r.name) != NAME]


@pytest.mark.parametrize("python", SUPPORTED)
def test_lock_pins_every_declared_requirement_within_its_range(python):
    versions = pinned(python)
    env = {"python_version": python, "python_full_version": python + ".0"}
    for requirement in declared():
        if requirement.marker is not None and not requirement.marker.evaluate(env):
            continue
        name = canonicalize_name(requirement.name)
        assert name in versions, f"{name} is in pyproject.toml but not in the lock for Python {python}: make lock"
        assert requirement.specifier.contains(Version(versions[name]), prereleases=True), (
            f"the lock pins {name}=={versions[name]}, outside pyproject.toml's {requirement}: make lock")


def test_lock_takes_ipywidgets_8_1_8_not_8_1_9():
    """ipywidgets 8.1.9 renders no widget in VS Code (microsoft/vscode-jupyter#17504)."""
    (ipywidgets,) = [Requirement(r) for r in PROJECT["dependencies"] if r.startswith("ipywidgets")]
    assert not ipywidgets.specifier.contains("8.1.9")
    for python in SUPPORTED:
        assert pinned(python)["ipywidgets"] == "8.1.8"


def test_lock_does_not_pin_the_course_itself():
    assert NAME not in {name for name, _, _ in lock_entries()}
    assert "nnlib" not in {name for name, _, _ in lock_entries()}


def test_supported_pythons_match_requires_python_and_the_ci_matrix():
    from packaging.specifiers import SpecifierSet

    spec = SpecifierSet(PROJECT["requires-python"])
    assert [v for v in ["3.9", *SUPPORTED, "3.14"] if spec.contains(v + ".0")] == SUPPORTED
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert re.search(r"python-version: \[" + ", ".join(f'"{v}"' for v in SUPPORTED) + r"\]", ci), (
        "the CI matrix does not list every supported Python")
    assert "CONSTRAINTS=" not in ci, "main's CI must install from the lock"


def test_students_requirements_hold_no_front_end_and_no_instructor_tools():
    """The wheel's own requirements must not drag JupyterLab or Notebook into an existing runtime."""
    base = {canonicalize_name(Requirement(r).name) for r in PROJECT["dependencies"]}
    assert not base & {"jupyterlab", "notebook", "nbgrader", "playwright", "voila", "scikit-learn"}
    lab = {canonicalize_name(Requirement(r).name) for r in PROJECT["optional-dependencies"]["lab"]}
    assert {"jupyterlab", "notebook"} <= lab
    assert not lab & {"nbgrader", "playwright", "voila"}


def test_environment_yml_has_the_locks_versions_for_python_3_11():
    text = (ROOT / "environment.yml").read_text()
    conda = dict(re.findall(r"^\s+- ([A-Za-z0-9_.-]+)=([0-9][^\s=]*)\s", text, flags=re.M))
    assert conda.pop("python") == "3.11"
    versions = pinned("3.11")
    assert {"numpy", "matplotlib", "ipywidgets", "jupyterlab", "notebook", "nbgrader"} <= set(conda)
    for name, version in conda.items():
        locked = versions.get(canonicalize_name(name))
        assert locked == version, f"environment.yml pins {name}={version}, the lock {locked}"


MAKE = shutil.which("make")


@pytest.mark.skipif(MAKE is None, reason="needs make")
@pytest.mark.parametrize("target", ["test", "lab"])
def test_make_installs_from_the_lock_and_reinstalls_when_it_changes(target):
    """``make -n`` with the lock marked as changed (-W) shows the pip install with ``-c lock``."""
    dry = subprocess.run([MAKE, "-n", "-W", "requirements/lock.txt", target], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert re.search(r"pip install -c requirements/lock.txt -e \"\.\[(dev|lab)\]\"", dry), dry
    if target == "lab":
        assert "[lab]" in dry and "nbgrader" not in dry
        assert "--LabApp.default_url=/lab/tree/notebooks/00_the_question.ipynb" in dry


@pytest.mark.skipif(MAKE is None, reason="needs make")
def test_second_make_test_reinstalls_nothing():
    """Once .venv is installed, the stamp is up to date: `make test` goes straight to the checks."""
    stamp = ROOT / ".venv" / ".installed-dev"
    if not stamp.exists() or Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip("runs inside the course's own .venv, after `make test` installed it")
    if any(stamp.stat().st_mtime < (ROOT / f).stat().st_mtime for f in ("pyproject.toml", "requirements/lock.txt")):
        pytest.skip(".venv is older than pyproject.toml or the lock: `make venv` reinstalls it")
    dry = subprocess.run([MAKE, "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "pip install" not in dry, dry
