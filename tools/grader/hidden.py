"""Keep hidden tests out of the feedback that students receive.

nbgrader 0.9 removes ``### BEGIN HIDDEN TESTS ... ### END HIDDEN TESTS`` regions when it releases an
assignment, puts them back when it autogrades (so they run), and then renders the *autograded*
notebook as the student's HTML feedback, hidden tests included. IPython tracebacks also quote the
failing line and the lines around it, and the assertion message of a hidden test.

``HideHiddenTests`` is a ``GenerateFeedback`` preprocessor (configured in ``nbgrader_config.py``
and by ``make grade``) that, in the feedback only:

* deletes every hidden-test region from the cell sources and leaves the comment
  ``# (hidden tests ran here)`` in its place;
* removes every traceback line that quotes a hidden-test line, and when the failure went through a
  hidden line, replaces the error message with ``a hidden test failed`` (the message could name
  the expected values);
* withholds any other output that quotes a hidden-test line, e.g. a submission that printed its own
  notebook file.

The autograded notebooks in ``grading/autograded/`` keep everything, for the instructor.
"""

import json
import re

from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor
from traitlets import Integer

PLACEHOLDER = "# (hidden tests ran here)"
WITHHELD = "[output withheld: it quotes the hidden tests]"
HIDDEN_FAILED = "a hidden test failed (its details are not shown)"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# IPython traceback lines (after removing colours): a frame header "Cell In[3], line 5" or
# "File /path/module.py:12, in f(x)", then numbered source lines "----> 5 code" / "      6 code".
_CELL_FRAME = re.compile(r"Cell\s+In\s*\[(\d+)\],\s+line\s+\d+")
_FILE_FRAME = re.compile(r"^\s*File\s")
_NUMBERED = re.compile(r"^\s*(-*>)?\s*(\d+)\s(.*)$")


def strip_ansi(text):
    return _ANSI.sub("", text)


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden tests, and every output line that quotes them, from a notebook (for feedback)."""

    min_quote_length = Integer(
        12, help="Hidden-test lines at least this long are also searched for inside any output text."
    ).tag(config=True)

    def preprocess(self, nb, resources):
        delimiters = ClearHiddenTests(parent=self)
        self._begin, self._end = delimiters.begin_test_delimeter, delimiters.end_test_delimeter
        hidden_text, visible_text = set(), set()
        self._by_count = {}  # execution count -> line numbers (1-based) of the cell's hidden lines
        for cell in nb.cells:
            numbers, hidden, visible = self._split(cell.source)
            hidden_text |= hidden
            visible_text |= visible
            if numbers:
                if cell.get("execution_count"):
                    self._by_count[cell.execution_count] = numbers
                cell.source = self._strip_regions(cell.source)
        # Lines that also appear outside hidden regions (e.g. "with warnings.catch_warnings():")
        # are no secret and must not get a visible line redacted.
        self._secret = {line for line in hidden_text - visible_text if line}
        self._quotes = sorted(line for line in self._secret if len(line) >= self.min_quote_length)
        self._quotes += [self._begin, self._end]  # the delimiters give the tests away too
        if hidden_text:
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs = [self._scrub(output) for output in cell.outputs]
        return nb, resources

    def _split(self, source):
        """(hidden line numbers incl. delimiters, stripped hidden lines, stripped visible lines) of a source."""
        numbers, hidden, visible, inside = set(), set(), set(), False
        for number, line in enumerate(source.split("\n"), start=1):
            if self._begin in line:
                inside = True
                numbers.add(number)
            elif self._end in line:
                inside = False
                numbers.add(number)
            elif inside:
                numbers.add(number)
                hidden.add(line.strip())
            else:
                visible.add(line.strip())
        return numbers, hidden, visible

    def _strip_regions(self, source):
        kept, inside = [], False
        for line in source.split("\n"):
            if self._begin in line:
                inside = True
                kept.append(line[: len(line) - len(line.lstrip())] + PLACEHOLDER)
            elif self._end in line:
                inside = False
            elif not inside:
                kept.append(line)
        return "\n".join(kept)

    def _quotes_hidden(self, text):
        if not text:
            return False
        plain = strip_ansi(text)
        return any(q in plain or json.dumps(q)[1:-1] in plain for q in self._quotes)

    def _scrub(self, output):
        kind = output.get("output_type")
        if kind == "error":
            return self._scrub_error(output)
        if kind == "stream":
            if self._quotes_hidden(output.get("text", "")):
                output["text"] = WITHHELD + "\n"
            return output
        if kind in ("display_data", "execute_result"):
            data = output.get("data", {})
            if any(self._quotes_hidden(v if isinstance(v, str) else json.dumps(v)) for v in data.values()):
                output["data"] = {"text/plain": WITHHELD}
            return output
        return output

    def _scrub_error(self, output):
        through_hidden = False
        frame = None  # hidden line numbers of the frame being read (empty: a file, None: unknown)
        traceback = []
        for entry in output.get("traceback", []):
            kept = []
            for line in entry.split("\n"):
                plain = strip_ansi(line)
                header = _CELL_FRAME.search(plain)
                if header:
                    frame = self._by_count.get(int(header.group(1)), set())
                elif _FILE_FRAME.match(plain):
                    frame = set()
                else:
                    numbered = _NUMBERED.match(plain)
                    code = (numbered.group(3) if numbered else plain).strip()
                    hidden = code in self._secret or self._quotes_hidden(plain)
                    if numbered and frame:
                        hidden = hidden or int(numbered.group(2)) in frame
                    if hidden:
                        # The failing line of a frame: IPython's "---->" arrow, or a bare quoted line.
                        through_hidden = through_hidden or not numbered or bool(numbered.group(1))
                        continue
                kept.append(line)
            traceback.append("\n".join(kept))
        if through_hidden or self._quotes_hidden(output.get("evalue", "")):
            ename = output.get("ename", "Error")
            output["evalue"] = HIDDEN_FAILED
            # The last entry is "Ename: evalue"; replace it so the message cannot leak.
            if traceback:
                traceback[-1] = f"{ename}: {HIDDEN_FAILED}"
        output["traceback"] = traceback
        return output
