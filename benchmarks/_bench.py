"""Shared helpers for the benchmark scripts: interleaved timing, the machine line, the result table.

Every benchmark reports a *ratio* against a baseline measured in the same process, because the
absolute times on a shared 2-core machine move with whatever else runs. Baseline and candidate
are alternated within each repeat (their order rotates from one repeat to the next) and the
median over the repeats is reported, so a burst of load hits both sides alike.
"""

import datetime
import json
import os
import platform
import sys
import time
from dataclasses import asdict, dataclass

import numpy as np

#: How to get the PyTorch rows: torch is not a dependency of the course, and a plain `pip install torch`
#: on Linux brings a CUDA build of several GB; these benchmarks need only the CPU build.
TORCH_HINT = ("to add them, install PyTorch's CPU build: "
              "pip install torch --index-url https://download.pytorch.org/whl/cpu")


@dataclass
class Result:
    """One figure of a benchmark, compared with its goal from COURSE_DESIGN.md §7."""

    name: str
    value: float  # NaN when the figure could not be measured
    unit: str  # e.g. "x" for a ratio, "s", "ms", "%"
    goal: str  # human-readable goal, e.g. "<= 1.3x"; "" for an informative figure
    verdict: str  # "PASS", "MISS", "SKIP", "ERROR" or "info"
    note: str = ""


def check(name, value, unit, op, bound, note=""):
    """A :class:`Result` whose verdict is PASS when ``value <op> bound`` (op is "<=" or ">=")."""
    ok = value <= bound if op == "<=" else value >= bound
    shown = f"{bound:g}{unit}" if unit != "%" else f"{bound:g} %"
    verdict = "PASS" if ok else ("ERROR" if not np.isfinite(value) else "MISS")
    return Result(name, float(value), unit, f"{op} {shown}", verdict, note)


def info(name, value, unit, note=""):
    """A figure printed for context, with no goal attached."""
    return Result(name, float(value), unit, "", "info", note)


def interleaved(candidates, repeats, warmup=1, outputs=None, cpu=None):
    """Time each callable ``repeats`` times, alternating them within every repeat.

    Parameters
    ----------
    candidates : dict of str -> callable
        Each called with no arguments; its return value is ignored.
    repeats : int
    warmup : int
        Untimed rounds first (imports, caches, BLAS thread start-up, page faults).
    outputs : dict, optional
        If given, receives the return value of each candidate's last call (for checking results).
    cpu : dict, optional
        If given, receives the CPU time of the process per call (``time.process_time``, all
        threads), an ndarray of shape (repeats,) per name. For single-threaded work it barely
        moves when other programs compete for the cores, unlike the wall-clock time.

    Returns
    -------
    times : dict of str -> ndarray of shape (repeats,)
        Seconds per call.
    """
    names = list(candidates)
    for _ in range(warmup):
        for name in names:
            candidates[name]()
    times = {name: [] for name in names}
    cpus = {name: [] for name in names}
    for r in range(repeats):
        shift = r % len(names)  # rotate the order so no candidate always runs first
        for name in names[shift:] + names[:shift]:
            c0, t0 = time.process_time(), time.perf_counter()
            out = candidates[name]()
            times[name].append(time.perf_counter() - t0)
            cpus[name].append(time.process_time() - c0)
            if outputs is not None:
                outputs[name] = out
    if cpu is not None:
        cpu.update({name: np.array(c) for name, c in cpus.items()})
    return {name: np.array(t) for name, t in times.items()}


def median_ratio(times, num, den):
    """Median over repeats of the per-repeat ratio ``times[num] / times[den]`` (paired, robust to drift)."""
    return float(np.median(times[num] / times[den]))


def blas_description():
    """One line naming the BLAS numpy uses and its thread count (via threadpoolctl when installed)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        return "BLAS: unknown (threadpoolctl not installed; see numpy.show_config())"
    pools = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    if not pools:
        return "BLAS: unknown"
    p = pools[0]
    return (f"BLAS: {p.get('internal_api')} {p.get('version')} ({p.get('architecture')}, "
            f"{p.get('num_threads')} threads)")


def cpu_model():
    """The processor's name from /proc/cpuinfo (Linux), else what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_header(title, extra=()):
    """Print what was measured, where and when: the line to copy into benchmarks/README.md."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    print(f"== {title} ==")
    now = datetime.datetime.now().astimezone()
    print(f"date {now:%Y-%m-%d %H:%M %Z} · {cpu_model()} · {cores} cores · load average {load} (1/5/15 min)")
    print(f"python {platform.python_version()} · numpy {np.__version__} · {blas_description()}"
          + (f" · OPENBLAS_CORETYPE={coretype}" if coretype else ""))
    for line in extra:
        print(line)


def _fmt(value, unit):
    if not np.isfinite(value):
        return "—"
    if unit == "%":
        return f"{value:.1f} %"
    if unit == "x":
        return f"{value:.2f}x"
    if value == 0:
        return f"0 {unit}".rstrip()
    if abs(value) < 1e-3:
        return f"{value:.1e} {unit}".rstrip()
    digits = 3 if abs(value) < 1 else (2 if abs(value) < 10 else 1)
    return f"{value:.{digits}f} {unit}".rstrip()


def print_table(results):
    """Print the results as an aligned table: figure, value, goal, verdict, note."""
    rows = [("figure", "value", "goal", "verdict", "note")]
    rows += [(r.name, _fmt(r.value, r.unit), r.goal, r.verdict, r.note) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for i, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].ljust(widths[2]),
                 row[3].ljust(widths[3]), row[4]]
        print("  ".join(cells).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def run(main):
    """Entry point of a benchmark script: ``python benchmarks/<name>.py [--json PATH]``.

    Runs ``main()`` (which prints its own table and returns a list of :class:`Result`) and, when
    ``--json PATH`` is given (``benchmarks/run_all.py`` does), writes the results there. The exit
    status is 0 even when a goal is missed: timings on a shared machine are evidence, not a test.
    """
    args = sys.argv[1:]
    results = main()
    if "--json" in args:
        with open(args[args.index("--json") + 1], "w") as f:
            json.dump([asdict(r) for r in results], f)
    return 0
