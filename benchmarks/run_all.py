"""Run every benchmark (``make bench``), each in its own fresh process, then print one summary table.

    python benchmarks/run_all.py                      # train_step, stacked, widgets, course
    python benchmarks/run_all.py stacked widgets      # a selection

Each script prints its own figures first; the summary repeats every goal with PASS / MISS. The exit
status is 0 unless a script crashed: a missed goal is reported, not treated as a failed check.
"""

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _bench import Result, machine_header, print_table

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("train_step", "stacked", "widgets", "course")


def main(argv):
    names = argv or list(BENCHMARKS)
    unknown = sorted(set(names) - set(BENCHMARKS))
    if unknown:
        print(f"unknown benchmark(s) {unknown}; choose from {list(BENCHMARKS)}")
        return 2
    summary, crashed, start = [], [], time.perf_counter()
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "results.json"
            code = subprocess.call([sys.executable, str(HERE / f"{name}.py"), "--json", str(out)], cwd=HERE.parent)
            print(flush=True)
            if code != 0 or not out.exists():
                crashed.append(name)
                summary.append(Result(f"{name}.py", float("nan"), "", "", "ERROR", f"exit status {code}"))
                continue
            summary += [Result(**{**r, "name": f"{name}: {r['name']}"}) for r in json.loads(out.read_text())]
    machine_header(f"summary of {len(names)} benchmark(s), {time.perf_counter() - start:.0f} s in all")
    print_table(summary)
    verdicts = [r.verdict for r in summary]
    print(f"\n{verdicts.count('PASS')} PASS, {verdicts.count('MISS')} MISS, {verdicts.count('SKIP')} SKIP, "
          f"{verdicts.count('ERROR')} ERROR")
    return 1 if crashed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
