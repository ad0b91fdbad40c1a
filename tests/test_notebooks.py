"""Strict nbval over every lesson and every solution notebook.

Each notebook in ``notebooks/`` and ``solutions/<assignment>/`` is re-executed in a fresh kernel
by ``pytest --nbval`` (strict: every stored text output must be reproduced; only cells tagged
``nbval-ignore-output`` are exempt) with the sanitizers of ``tests/sanitize.cfg``. The list is
built when the tests are collected, so a new lesson or exercise is checked as soon as its
notebook exists.

Every notebook runs twice, each time as its own child ``pytest`` process (so ``pytest`` /
``make test`` / ``pytest tests/`` all include these checks, and a failure shows nbval's own
cell-by-cell diff):

- ``as-is``: on this machine as it is;
- ``no-avx512``: with numpy's AVX-512 code paths switched off in the child
  (``NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL"``, numpy's own switch; numpy < 2.4 names the
  same paths ``AVX512F ... AVX512_ICL``), as on most laptops. A notebook whose printed figures or
  verdicts depend on the last bits of the arithmetic fails here.

The OpenBLAS environment variables are left alone (some machines set them on purpose). To check
one notebook by hand:

    .venv/bin/python -m pytest --nbval --nbval-current-env \
        --nbval-sanitize-with tests/sanitize.cfg -p no:cacheprovider notebooks/01_forward_pass.ipynb
    NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL" .venv/bin/python -m pytest --nbval ...   (the same)
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from numpy._core._multiarray_umath import __cpu_dispatch__

ROOT = Path(__file__).resolve().parent.parent
SANITIZE = ROOT / "tests" / "sanitize.cfg"
NOTEBOOKS = [
    path for folder in ("notebooks", "solutions") for path in sorted((ROOT / folder).rglob("*.ipynb"))
    if ".ipynb_checkpoints" not in path.parts
]



def no_avx512_features(dispatch=tuple(__cpu_dispatch__)):
    """The value of ``NPY_DISABLE_CPU_FEATURES`` that turns numpy's AVX-512 paths off.

    numpy >= 2.4 groups its x86 targets as X86_V2/V3/V4 plus AVX512_ICL/SPR; older numpy lists
    AVX512F, AVX512_SKX, ... and warns about (and ignores) names it does not dispatch on.
    """
    if "X86_V4" in dispatch:
        return "X86_V4 AVX512_ICL"
    return " ".join(name for name in dispatch if name.startswith("AVX512"))


CONFIGS = {
    "as-is": {},
    "no-avx512": {"NPY_DISABLE_CPU_FEATURES": no_avx512_features()},
}


def child_env(config):
    env = dict(os.environ)
    env.pop("NPY_DISABLE_CPU_FEATURES", None)
    env.update(CONFIGS[config])
    return env


def nbval(path, config="as-is", timeout=600):
    """Run strict nbval on one notebook in a child pytest; return the CompletedProcess."""
    command = [
        sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env",
        "--nbval-sanitize-with", str(SANITIZE.relative_to(ROOT)),
        "-p", "no:cacheprovider", "-q", "--no-header", "-rfE",
        str(path.relative_to(ROOT)),
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=child_env(config))


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("config", list(CONFIGS))
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.relative_to(ROOT).as_posix() for p in NOTEBOOKS])
def test_notebook_reproduces_its_outputs(path, config):
    run = nbval(path, config)
    setting = " ".join(f'{k}="{v}"' for k, v in CONFIGS[config].items()) or "this machine as it is"
    assert run.returncode == 0, (
        f"nbval failed for {path.relative_to(ROOT).as_posix()} with {setting} (exit {run.returncode}); "
        "re-run the notebook top to bottom (tools/run_notebooks.py) if the change is intended; a failure "
        "only with numpy's AVX-512 paths off means an output depends on rounding (print bounds or fewer digits, "
        "or choose a more robust experiment).\n"
        + run.stdout[-20000:] + run.stderr[-5000:]
    )


def test_sanitizers_remove_only_representation_noise():
    """The sanitize file maps addresses, figure reprs and numpy scalar reprs, and keeps numbers."""
    from nbval.plugin import get_sanitize_patterns

    patterns = get_sanitize_patterns(SANITIZE.read_text())

    def clean(text):
        for regex, replace in patterns:
            text = re.sub(regex, replace, text)
        return text

    assert clean("<Figure size 640x480 with 1 Axes>") == clean("<Figure size 1000x300 with 3 Axes>")
    assert clean("<function f at 0x7f3a2b>") == clean("<function f at 0x55aa01>")
    assert clean("np.float64(0.5)") == "0.5"
    assert clean("(np.int64(3), np.True_)") == "(3, True)"
    assert clean("loss 0.6931 after 300 steps") == "loss 0.6931 after 300 steps"


def test_no_avx512_config_switches_numpys_avx512_paths_off():
    """The second configuration really takes effect in a child: every name is one numpy dispatches on,
    and each of those paths that is on as-is (on a machine with AVX-512) is off."""
    names = CONFIGS["no-avx512"]["NPY_DISABLE_CPU_FEATURES"].split()
    assert names and set(names) <= set(__cpu_dispatch__)
    probe = ("import json; from numpy._core._multiarray_umath import __cpu_features__ as f; "
             f"print(json.dumps({{n: f.get(n) for n in {names!r}}}))")

    def features(config):
        run = subprocess.run([sys.executable, "-W", "always::ImportWarning", "-c", probe], env=child_env(config),
                             capture_output=True, text=True, check=True)
        assert "not part of the dispatched optimizations" not in run.stderr, run.stderr
        return json.loads(run.stdout.strip().splitlines()[-1])

    assert not any(features("no-avx512").values())
    assert not any(k.startswith("OPENBLAS") for k in CONFIGS["no-avx512"])
    if not any(features("as-is").values()):
        pytest.skip("this CPU has no AVX-512: both configurations run the same code paths")


ZH_NOTEBOOKS = sorted((ROOT / "zh-CN" / "notebooks").glob("*.ipynb"))


@pytest.mark.notebooks
@pytest.mark.slow
@pytest.mark.parametrize("path", ZH_NOTEBOOKS, ids=[p.relative_to(ROOT).as_posix() for p in ZH_NOTEBOOKS])
def test_chinese_lesson_reproduces_its_outputs(path):
    """The generated zh-CN lessons pass strict nbval too. Their code cells and stored outputs are the
    English ones byte for byte (tests/test_translations.py), so one configuration suffices here."""
    run = nbval(path)
    assert run.returncode == 0, (
        f"nbval failed for {path.relative_to(ROOT).as_posix()} (exit {run.returncode}); the zh-CN lessons are "
        "generated: fix the English notebook, then `make translations`.\n" + run.stdout[-20000:] + run.stderr[-5000:]
    )
