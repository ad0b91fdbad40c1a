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

from traitlets import Integer

from nbgrader.preprocessors import ClearHiddenTests, NbGraderPreprocessor

PLACEHOLDER = "# (hidden tests ran here)"
WITHHELD = "[output withheld: it quotes the hidden tests]"
HIDDEN_FAILED = "a hidden test failed (its details are not shown)"
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# An IPython traceback line quoting source: "----> 3 code", "      4 code" (after removing colours).
_NUMBERED = re.compile(r"^\s*(?:-*>\s*)?\d+\s(.*)$")
_ARROW = re.compile(r"^\s*-+>")


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
        hidden = set()
        for cell in nb.cells:
            hidden.update(self._strip_regions(cell))
        self._hidden = {line for line in hidden if line}
        self._quotes = sorted(line for line in self._hidden if len(line) >= self.min_quote_length)
        # The delimiters themselves also give the tests away.
        self._quotes += [self._begin, self._end]
        if self._hidden:
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs = [self._scrub(output) for output in cell.outputs]
        return nb, resources

    def _strip_regions(self, cell):
        """Delete the hidden regions of one cell; return the stripped lines that were removed."""
        if self._begin not in cell.source:
            return set()
        kept, removed, inside = [], set(), False
        for line in cell.source.split("\n"):
            if self._begin in line:
                inside = True
                indent = line[: len(line) - len(line.lstrip())]
                kept.append(indent + PLACEHOLDER)
            elif self._end in line:
                inside = False
            elif inside:
                removed.add(line.strip())
            else:
                kept.append(line)
        cell.source = "\n".join(kept)
        return removed

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
        traceback = []
        for entry in output.get("traceback", []):
            kept = []
            for line in entry.split("\n"):
                plain = strip_ansi(line)
                match = _NUMBERED.match(plain)
                code = (match.group(1) if match else plain).strip()
                if code in self._hidden or self._quotes_hidden(plain):
                    # The failing line of a frame: IPython's "---->" arrow, or a bare quoted line.
                    through_hidden = through_hidden or match is None or _ARROW.match(plain) is not None
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
