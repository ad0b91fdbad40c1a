"""How long does the whole course take to execute? (COURSE_DESIGN.md §7: ≤ 30 s per notebook, ≤ 120 s in all.)

Executes every lesson (``notebooks/*.ipynb``) and every solution notebook (``solutions/*/*.ipynb``)
that exists, one after the other, each top to bottom in a fresh ``python3`` kernel started in the
notebook's own folder — as nbval and a student do. The notebooks are executed in memory with
nbclient and never written back. Each time includes starting and stopping the kernel; the cost of
that alone is measured first, on an empty notebook, and printed as the baseline.

Run: ``python benchmarks/course.py [PATH ...]`` (or ``make bench`` for every benchmark).
"""

import resource
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from _bench import Result, check, info, machine_header, print_table, run
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

ROOT = Path(__file__).resolve().parent.parent
PER_NOTEBOOK, TOTAL = 30.0, 120.0


def kernel_cpu():
    """CPU seconds (user + system, all threads) used so far by finished child processes: the kernels."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def execute(nb, folder, timeout=600, cpu=None):
    """Seconds to run ``nb`` in a fresh kernel (start to shutdown); raises on a failing cell.

    If ``cpu`` is a list, the kernel's CPU seconds are appended to it (counted once the kernel
    process has exited; it is a child of this process).
    """
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    start, cpu0 = time.perf_counter(), kernel_cpu()
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel's own log lines (cell errors still arrive)
    finally:
        if cpu is not None:
            cpu.append(kernel_cpu() - cpu0)
    return time.perf_counter() - start


def course_notebooks():
    return sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("solutions/*/*.ipynb"))


def main():
    machine_header("course: execute every lesson and solution notebook in a fresh kernel")
    paths = [Path(p).resolve() for p in sys.argv[1:] if p.endswith(".ipynb")] or course_notebooks()
    results = []
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    kernel = min(execute(empty, ROOT) for _ in range(2))
    print(f"baseline: a fresh kernel running one trivial cell takes {kernel:.2f} s (included in every figure below)")
    if not paths:
        print("no notebooks found under notebooks/ or solutions/")
        return [Result("course total", float("nan"), "s", f"<= {TOTAL:g}s", "SKIP", "no notebooks yet")]
    total, failed, cpu = 0.0, 0, []
    for path in paths:
        rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        try:
            seconds = execute(nb, path.parent, cpu=cpu)
        except (CellExecutionError, CellTimeoutError) as err:
            seconds = time.perf_counter() - start
            failed += 1
            first = str(err).strip().splitlines()[-1][:100] if str(err).strip() else type(err).__name__
            results.append(Result(str(rel), seconds, "s", f"<= {PER_NOTEBOOK:g}s", "ERROR", first))
            print(f"{seconds:7.1f} s  {rel}  FAILED: {first}", flush=True)
            total += seconds
            continue
        total += seconds
        print(f"{seconds:7.1f} s  {rel}  ({seconds / kernel:.1f}x the empty kernel; kernel CPU {cpu[-1]:.1f} s)",
              flush=True)
        results.append(check(str(rel), seconds, "s", "<=", PER_NOTEBOOK,
                             f"{seconds / PER_NOTEBOOK:.0%} of budget; kernel CPU {cpu[-1]:.1f} s"))
    note = f"{len(paths)} notebooks, {total / TOTAL:.0%} of budget; kernel CPU {sum(cpu):.1f} s"
    if failed:
        note += f"; {failed} failed"
    results.append(check("course total", total, "s", "<=", TOTAL, note))
    results.append(info("  of which kernel start-up (estimate)", kernel * len(paths), "s",
                        f"{len(paths)} x {kernel:.2f} s"))
    print()
    print_table(results)
    return results


if __name__ == "__main__":
    raise SystemExit(run(main))
