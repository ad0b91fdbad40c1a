"""Run grading jobs as subprocesses, a few at a time, each with a time limit.

Each ``Job`` is ``python -m tools.grader.job <workdir>`` (see ``job.py``), started fresh in its own
working folder, its output going to ``<workdir>/worker.log``. A job that is still running after its
``timeout`` is killed together with everything it started (its kernel), and so is every running
job when ``make grade`` itself is interrupted.
"""

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import psutil

LOG_FILE = "worker.log"


@dataclass
class Job:
    """One submission's grading process and how it ended."""

    key: str  # "<student>/<assignment>"
    workdir: Path
    timeout: float  # seconds for the whole job
    pythonpath: list = field(default_factory=list)
    seconds: float = 0.0
    returncode: int | None = None
    timed_out: bool = False

    @property
    def log(self):
        return self.workdir / LOG_FILE


def kill_tree(pid):
    """Kill a process and everything it started (its kernel), and wait for them."""
    try:
        parent = psutil.Process(pid)
        procs = parent.children(recursive=True) + [parent]
    except psutil.NoSuchProcess:
        return
    for proc in procs:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=10)


class Pool:
    """Runs jobs ``parallel`` at a time; ``run`` calls ``on_done(job)`` in the caller's thread as each ends."""

    def __init__(self, parallel):
        self.parallel = max(1, int(parallel))
        self._running = {}  # pid -> Popen
        self._lock = threading.Lock()

    def _env(self, job):
        env = dict(os.environ)
        paths = [*map(str, job.pythonpath), env.get("PYTHONPATH", "")]
        env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(p for p in paths if p))
        return env

    def _run(self, job):
        start = time.monotonic()
        with open(job.log, "ab") as log:
            process = subprocess.Popen([sys.executable, "-m", "tools.grader.job", str(job.workdir)],
                                       cwd=job.workdir, env=self._env(job), stdin=subprocess.DEVNULL,
                                       stdout=log, stderr=subprocess.STDOUT)
            with self._lock:
                self._running[process.pid] = process
            try:
                job.returncode = process.wait(timeout=job.timeout)
            except subprocess.TimeoutExpired:
                job.timed_out = True
                kill_tree(process.pid)
                job.returncode = process.wait()
            finally:
                with self._lock:
                    self._running.pop(process.pid, None)
        job.seconds = time.monotonic() - start
        return job

    def stop(self):
        """Kill every running job (and its kernel)."""
        with self._lock:
            running = list(self._running.values())
        for process in running:
            kill_tree(process.pid)

    def run(self, jobs, on_done):
        executor = ThreadPoolExecutor(max_workers=self.parallel, thread_name_prefix="grade")
        try:
            futures = [executor.submit(self._run, job) for job in jobs]
            for future in as_completed(futures):
                on_done(future.result())
        except BaseException:
            executor.shutdown(wait=False, cancel_futures=True)
            self.stop()
            raise
        executor.shutdown()
