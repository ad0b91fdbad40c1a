"""A hardened version of nbgrader's ``Execute`` preprocessor for running student notebooks.

nbgrader 0.9 already interrupts a cell that runs longer than ``Execute.timeout`` and records a
``CellTimeoutError`` for it. Three kinds of submission still break a plain ``nbgrader autograde``:

* a cell that kills the kernel (``os._exit``, a segfault through ``ctypes``, running out of
  memory): nbclient raises ``DeadKernelError`` and nbgrader discards the whole submission;
* a cell that ignores the interrupt (``except BaseException: pass`` inside a loop): nbclient raises
  ``CellTimeoutError`` after the interrupt and, again, the whole submission is lost;
* a cell that prints millions of lines: every line is kept in memory until the notebook is
  written (nbgrader's ``LimitOutput`` only trims the outputs afterwards).

``SafeExecute`` records the failure as an error output *of that cell* (so a grade cell that
crashed scores 0), starts a fresh kernel, silently re-runs the cells that had completed before
(their outputs are kept from the first run), skips the offending cell, and goes on. After
``max_restarts`` restarts the remaining code cells are not run and each gets an error output, so
no test can pass without running. Output beyond ``max_output_chars`` per cell is dropped while the
cell runs, with a note in the cell.

The error names it records (``KernelDied``, ``KernelUnresponsive``, ``NotRun``) are what
``failures`` reads back to flag a submission.
"""

import copy
import os

import nbformat
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Integer

KERNEL_DIED = "KernelDied"
KERNEL_UNRESPONSIVE = "KernelUnresponsive"
NOT_RUN = "NotRun"
TIMEOUT = "CellTimeoutError"  # nbgrader's name for a cell that was interrupted after its timeout
OUTPUT_TRUNCATED = "... output truncated by the grader ..."


def error_output(ename, evalue):
    """An nbformat error output with a one-line traceback (no ANSI colours, no source lines)."""
    return new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def _message_size(msg):
    """Characters carried by one iopub output message (text of a stream, or all mime bundles)."""
    content = msg.get("content", {})
    if "text" in content:
        return len(content["text"])
    data = content.get("data", {})
    return sum(len(v) if isinstance(v, str) else len(str(v)) for v in data.values())


class SafeExecute(Execute):
    """nbgrader's ``Execute`` that survives dead and unresponsive kernels and floods of output."""

    max_restarts = Integer(
        2, help="How many times a dead or unresponsive kernel is replaced before the rest of the notebook is skipped."
    ).tag(config=True)

    max_output_chars = Integer(
        200_000, help="Output characters kept per cell while it runs (-1: no limit); the rest is dropped."
    ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._done = []  # indices of code cells that ran to completion (replayed after a restart)
        self._restarts = 0
        self._given_up = None  # why the remaining cells are not run
        try:
            return super().preprocess(nb, resources, km)
        finally:
            # The kernel ran in the folder nbgrader writes the autograded notebook to; if the student's
            # code deleted it (or made it read-only), give it back so the result can still be written.
            path = (resources or {}).get("metadata", {}).get("path")
            if path:
                os.makedirs(path, exist_ok=True)
                os.chmod(path, 0o755)

    # -- output flood -----------------------------------------------------------------------
    def output(self, outs, msg, display_id, cell_index):
        if self.max_output_chars >= 0 and msg.get("msg_type") in ("stream", "display_data", "execute_result"):
            self._chars += _message_size(msg)
            if self._chars > self.max_output_chars:
                if not self._truncated:
                    self._truncated = True
                    # stdout, not stderr: nbgrader gives 0 to a test cell with any stderr output.
                    outs.append(new_output("stream", name="stdout", text=f"\n{OUTPUT_TRUNCATED}\n"))
                return None
        return super().output(outs, msg, display_id, cell_index)

    # -- one cell ---------------------------------------------------------------------------
    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not cell.source.strip():
            return super().preprocess_cell(cell, resources, index)
        if self._given_up:
            cell.outputs = [error_output(NOT_RUN, f"this cell was not run: {self._given_up}")]
            cell.execution_count = None
            return cell, resources
        self._chars, self._truncated = 0, False
        try:
            result = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            failure = (KERNEL_DIED, "the kernel died while running this cell "
                       "(os._exit, a crash in compiled code, or out of memory)")
        except CellTimeoutError:
            failure = (KERNEL_UNRESPONSIVE, f"this cell ran longer than {self.timeout} s and ignored the interrupt")
        else:
            if not any(out.get("ename") == TIMEOUT for out in cell.get("outputs", [])):
                self._done.append(index)  # a cell that timed out is not worth re-running
            return result
        cell = self.nb.cells[index]
        cell.outputs = list(cell.get("outputs", [])) + [error_output(*failure)]
        self.log.warning("Cell %d: %s: %s", index, *failure)
        self._recover(failure[0])
        return cell, resources

    # -- recovery ---------------------------------------------------------------------------
    def _recover(self, reason):
        """Replace the kernel and re-run the completed cells, or give up on the rest."""
        if self._restarts >= self.max_restarts:
            self._given_up = f"the kernel had to be replaced {self._restarts} times ({reason} again)"
            self._kill_kernel()
            return
        self._restarts += 1
        self._kill_kernel()
        try:
            self.km = self.create_kernel_manager()
            self.start_new_kernel()
            self.start_new_kernel_client()
            for index in self._done:
                self._replay(index)
        except Exception as error:  # noqa: BLE001 -- any failure here means: stop running cells
            self.log.warning("Replaying the notebook in a new kernel failed: %s", error)
            self._given_up = f"an earlier cell stopped the kernel ({reason}) and re-running the notebook failed"

    def _kill_kernel(self):
        km = self.km
        if km is None:
            return
        try:
            if run_sync(km.is_alive)():
                run_sync(km.shutdown_kernel)(now=True)
        except Exception as error:  # noqa: BLE001
            self.log.warning("Could not stop the kernel: %s", error)
        try:
            self._cleanup_kernel()
        except Exception as error:  # noqa: BLE001
            self.log.warning("Could not clean up the kernel: %s", error)
        self.km = self.kc = None

    def _replay(self, index):
        """Run a completed cell again in the new kernel, discarding what it prints."""
        original = self.nb.cells[index]
        replay = copy.deepcopy(original)
        replay.source = "%%capture\n" + original.source
        self._chars, self._truncated = 0, False
        try:
            super().preprocess_cell(replay, self.resources, index)
        finally:
            self.nb.cells[index] = original  # nbclient stores the executed copy; keep the first run
        if any(out.get("ename") == TIMEOUT for out in replay.outputs):
            raise RuntimeError(f"cell {index} timed out when re-run")


def failures(path, timeout):
    """What went wrong while the autograded notebook at ``path`` ran, one line per kind (from its error outputs)."""
    nb = nbformat.read(path, as_version=4)
    found = {TIMEOUT: [], KERNEL_DIED: [], KERNEL_UNRESPONSIVE: [], NOT_RUN: []}
    for index, cell in enumerate(nb.cells, start=1):
        if cell.cell_type != "code":
            continue
        label = cell.metadata.get("nbgrader", {}).get("grade_id") or f"#{index}"
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and output.get("ename") in found:
                found[output["ename"]].append(label)
                break
    text = {
        TIMEOUT: f"timed out after {timeout} s (interrupted, scored as an error)",
        KERNEL_DIED: "killed the kernel (a new kernel re-ran the cells before it)",
        KERNEL_UNRESPONSIVE: f"ran over {timeout} s and ignored the interrupt (kernel replaced)",
        NOT_RUN: "not run: the kernel failed too often",
    }
    return [f"cells {', '.join(labels)}: {text[kind]}" if len(labels) > 1 else f"cell {labels[0]}: {text[kind]}"
            for kind, labels in found.items() if labels]
