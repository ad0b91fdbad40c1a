"""What ``make grade`` knows between runs: ``grading/grading_state.json``.

One ``Entry`` per ``<student>/<assignment>``: its status (``graded``, ``flagged``, ``failed``), the
reasons, a few figures, and the *fingerprint* of what it was graded with (the submitted files, the
assignment's source, the grading settings, ``GRADER_VERSION``). A re-run skips a submission whose
fingerprint has not changed. nbgrader has no such notion: ``nbgrader autograde`` regrades
everything it is given (or, without ``--force``, nothing that was graded before, changed or not).

The state also holds the roster's ids, so that the CSV export (``export.py``, also run by hand as
``nbgrader export``) writes the same rows as ``make grade`` did.
"""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import GRADER_VERSION
from .submissions import visible

GRADED, FLAGGED, FAILED, MISSING = "graded", "flagged", "failed", "missing"
FILE = "grading_state.json"


@dataclass
class Entry:
    """How one submission was graded (or why it could not be)."""

    student: str
    assignment: str
    status: str  # GRADED, FLAGGED or FAILED
    flags: list = field(default_factory=list)  # graded, but an instructor should look
    errors: list = field(default_factory=list)  # why it could not be graded
    fingerprint: str = ""  # empty: not a submission that can be graded (e.g. an unknown assignment)
    seconds: float | None = None
    autograde_seconds: float | None = None
    feedback_seconds: float | None = None
    max_rss_mb: float | None = None
    kernel_max_rss_mb: float | None = None

    @property
    def key(self):
        return f"{self.student}/{self.assignment}"

    @property
    def reasons(self):
        return self.errors + self.flags


@dataclass
class State:
    entries: dict = field(default_factory=dict)  # key -> Entry
    roster: list | None = None  # student ids, when the last run had a roster
    version: int = GRADER_VERSION

    @classmethod
    def load(cls, path):
        """The saved state, or an empty one (none yet, unreadable, or written by another grader version)."""
        try:
            data = json.loads(Path(path).read_text())
            if data.get("version") != GRADER_VERSION:
                return cls()
            entries = {key: Entry(**value) for key, value in data.get("entries", {}).items()}
            return cls(entries=entries, roster=data.get("roster"))
        except (OSError, ValueError, TypeError):
            return cls()

    def save(self, path):
        path = Path(path)
        tmp = path.with_suffix(".tmp")
        data = {"version": self.version, "roster": self.roster,
                "entries": {key: asdict(entry) for key, entry in sorted(self.entries.items())}}
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True))
        tmp.replace(path)

    def put(self, entry):
        self.entries[entry.key] = entry


def digest(path):
    """SHA-256 over the names and contents of every visible file under ``path``."""
    sha = hashlib.sha256()
    path = Path(path)
    for file in sorted(p for p in path.rglob("*") if p.is_file() and visible(p.relative_to(path))):
        sha.update(file.relative_to(path).as_posix().encode() + b"\0")
        sha.update(hashlib.sha256(file.read_bytes()).digest())
    return sha.hexdigest()


def fingerprint(submission_folder, source_folder, settings):
    """What a grade depends on: the submitted files, the assignment's source and the grading settings."""
    parts = {"version": GRADER_VERSION, "settings": settings, "source": digest(source_folder),
             "submission": digest(submission_folder)}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
