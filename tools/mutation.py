"""Mutation testing of nnlib's core with mutmut: do nnlib's own tests notice when its code is wrong?

mutmut makes many small changes ("mutants") to the code — ``<`` for ``<=``, ``1`` for ``0``, a
deleted argument, ``None`` for a value — and runs the tests that cover each changed function. A
mutant is *killed* when a test fails, and *survives* when every test passes. A surviving mutant is
either a gap in the tests (a bug they would let through) or *equivalent*: a change that cannot alter
any result (e.g. a default argument that every caller overrides). Equivalent survivors are listed,
each with its reason, in ``tests/mutation_equivalent.txt``; this command reads that file.

    python tools/mutation.py                        # every core module (what `make mutation` runs)
    python tools/mutation.py --modules mlp losses   # some of them
    python tools/mutation.py --jobs 1 --keep build/mutation

The run happens in a scratch copy of ``nnlib/`` and of nnlib's test files (the repository is not
touched), under ``nice -n 19``. It prints the score per module — killed / (mutants − equivalent) —
and the diff of every survivor that is not listed, and exits 1 if the score is below 90 % or any
survivor is unexplained. It needs mutmut (``pip install -e ".[mutation]"``).

Time: the whole core (3030 mutants) took 4.0 min with the default ``--jobs 2`` and 7.2 min with
``--jobs 1`` on the shared 2-core machine (2026-12-01); with ``--jobs 1`` the slowest module was
meanfield with nnlib.gaussian (3.7 min), the others took 0.4-1.0 min each (mlp, backprop, train and
history together 2.4 min). mutmut runs only the tests that cover the mutated function, and nnlib's
own tests take 7 s in all. Runs that hang count as killed (mutmut's
timeout); the few there are (a loop whose step a mutant sets to a constant) are listed at the end.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ["activations", "initializers", "losses", "mlp", "backprop", "train", "history", "gradcheck", "diagnostics",
        "data", "meanfield", "gaussian"]
# nnlib's own tests (not the notebooks, widgets or grading): what must kill the mutants.
TESTS = ["test_activations", "test_initializers", "test_mlp", "test_train", "test_gradcheck_and_diagnostics",
         "test_data", "test_errors", "test_properties", "test_contract", "test_dropout_gradient", "test_meanfield",
         "test_package", "test_mutation_kills", "test_backprop", "test_losses", "test_history"]
EQUIVALENT = ROOT / "tests" / "mutation_equivalent.txt"
GOAL = 0.90
TIMEOUT = {24, -24, 36, 255}  # mutmut's exit codes for a run that exceeded its time (SIGXCPU, wall clock)


# mutmut runs the tests once in its own process, then forks a child per mutant. A real tqdm bar started in
# that first run (test_train's progress bar) leaves tqdm's monitor thread and its inter-process lock behind,
# and forked children that make a bar then block on that lock until mutmut's timeout — which counts as a
# kill. Thread-local locking and no monitor thread (it only reports bars that hang) change no result.
FORK_SAFE_TQDM = """

# added by tools/mutation.py for mutmut's forked test runs (see FORK_SAFE_TQDM there)
import threading as _threading  # noqa: E402

import tqdm as _tqdm  # noqa: E402

_tqdm.tqdm.monitor_interval = 0
_tqdm.tqdm.set_lock(_threading.RLock())
"""


def equivalents():
    """``module.function :: mutated line`` -> reason, from the checked-in file."""
    table = {}
    for line in EQUIVALENT.read_text().splitlines() if EQUIVALENT.exists() else []:
        if line.strip() and not line.startswith("#"):
            key, line_text, reason = (part.strip() for part in line.split(" :: ", 2))
            table[(key, line_text)] = reason
    return table


def prepare(work, modules):
    shutil.copytree(ROOT / "nnlib", work / "nnlib", ignore=shutil.ignore_patterns("__pycache__"))
    (work / "tests").mkdir()
    shutil.copy(ROOT / "tests" / "conftest.py", work / "tests" / "conftest.py")
    with open(work / "tests" / "conftest.py", "a") as conftest:
        conftest.write(FORK_SAFE_TQDM)
    tests = [t for t in TESTS if (ROOT / "tests" / f"{t}.py").exists()]
    for t in tests:
        shutil.copy(ROOT / "tests" / f"{t}.py", work / "tests" / f"{t}.py")
    only = "\n".join(f"    nnlib/{m}.py" for m in modules)
    selection = "\n".join(f"    tests/{t}.py" for t in tests)
    (work / "setup.cfg").write_text(
        "[mutmut]\nsource_paths = nnlib\nalso_copy =\n    tests\n"
        f"only_mutate =\n{only}\npytest_add_cli_args_test_selection =\n{selection}\n"
        "pytest_add_cli_args =\n    -p\n    no:cacheprovider\n")
    return tests


def results(work):
    """mutant name -> exit code of its test run (0: survived; None: not run)."""
    codes = {}
    for meta in sorted((work / "mutants" / "nnlib").glob("*.py.meta")):
        codes.update(json.loads(meta.read_text())["exit_code_by_key"])
    return codes


def describe(work, name):
    """(module.function, mutated line, diff) of one mutant, from `mutmut show`."""
    diff = subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=work, capture_output=True,
                          text=True).stdout
    module, _, rest = name.rpartition(".")
    function = re.sub(r"__mutmut_\d+$", "", rest).removeprefix("x_").replace("ǁ", ".").strip(".")
    plus = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return f"{module}.{function}", " ".join(plus) or "(line deleted)", diff


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", nargs="+", default=None, help=f"nnlib modules (default: {' '.join(CORE)})")
    parser.add_argument("--jobs", type=int, default=2, help="parallel test runs (default 2: the machine is shared)")
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    modules = [m for m in (args.modules or CORE) if (ROOT / "nnlib" / f"{m}.py").exists()]
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="nnlib-mutation-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    tests = prepare(work, modules)
    print(f"mutating nnlib/{{{','.join(modules)}}}.py, tests: {', '.join(tests)}", flush=True)
    start = time.perf_counter()
    # mutmut forks every test run from one process. An OpenBLAS/OpenMP thread pool does not survive a
    # fork: the child then waits forever on a lock held by a thread that no longer exists, until mutmut's
    # timeout kills it, and a timeout counts as a kill. One BLAS thread per run avoids that (and is what a
    # shared machine wants anyway); the tests' results do not depend on the number of threads.
    env = dict(os.environ, PYTHONWARNINGS="ignore", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               MKL_NUM_THREADS="1")
    nice = ["nice", "-n", "19"] if shutil.which("nice") else []
    run = subprocess.run([*nice, sys.executable, "-m", "mutmut", "run", "--max-children", str(args.jobs)],
                         cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    minutes = (time.perf_counter() - start) / 60
    codes = results(work)
    if run.returncode != 0 or not codes:
        sys.stderr.write(run.stderr[-3000:])
        raise SystemExit(f"mutmut run failed (exit {run.returncode})")
    known = equivalents()
    per_module, unexplained, used, timeouts = {}, [], set(), []
    for name, code in sorted(codes.items()):
        module = name.split(".")[1]
        row = per_module.setdefault(module, {"mutants": 0, "killed": 0, "equivalent": 0, "survived": 0})
        row["mutants"] += 1
        if code in TIMEOUT:  # the tests hung or ran out of CPU time: detected, but listed to be checked
            timeouts.append(name)
        if code not in (0, 33, None):  # 33: no test covers the mutant; None: not run
            row["killed"] += 1
            continue
        key, line, diff = describe(work, name)
        if (key, line) in known:
            row["equivalent"] += 1
            used.add((key, line))
        else:
            row["survived"] += 1
            unexplained.append((name, key, line, diff))
    print(f"\n{'module':14} {'mutants':>8} {'killed':>7} {'equiv.':>7} {'survived':>9} {'score':>7}")
    total = {"mutants": 0, "killed": 0, "equivalent": 0, "survived": 0}
    for module, row in per_module.items():
        for k in total:
            total[k] += row[k]
        live = row["mutants"] - row["equivalent"]
        print(f"{module:14} {row['mutants']:8d} {row['killed']:7d} {row['equivalent']:7d} {row['survived']:9d} "
              f"{row['killed'] / live if live else 1:7.1%}")
    live = total["mutants"] - total["equivalent"]
    score = total["killed"] / live if live else 1.0
    print(f"{'all':14} {total['mutants']:8d} {total['killed']:7d} {total['equivalent']:7d} {total['survived']:9d} "
          f"{score:7.1%}")
    print(f"\n{minutes:.1f} min with {args.jobs} parallel test runs (nice -n 19); goal: >= {GOAL:.0%} of the "
          "non-equivalent mutants killed, every survivor explained")
    if timeouts:
        print(f"\n{len(timeouts)} mutant(s) counted as killed because the tests timed out (check with mutmut show):")
        for name in timeouts:
            key, line, _ = describe(work, name)
            print(f"  {name}  ({key} :: {line})")
    for name, key, line, diff in unexplained:
        print(f"\nSURVIVED {name}  ({key} :: {line})\n{diff}")
    stale = [k for k in known if k not in used and k[0].split(".")[1] in modules]
    if stale:
        print(f"\n{len(stale)} entries of {EQUIVALENT.name} match no surviving mutant (code changed?):")
        for key, line in stale:
            print(f"  {key} :: {line}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if score >= GOAL and not unexplained else 1


if __name__ == "__main__":
    sys.exit(main())
