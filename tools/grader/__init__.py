"""Autograding for the course: ``make grade`` (``python tools/grade.py``).

Modules:

* ``cli``         -- the run: find submissions, grade the changed ones, export the CSV, print a summary;
* ``submissions`` -- find and check submissions before any student code runs, repair a copy;
* ``runner``      -- run nbgrader (autograde, feedback) in a throw-away course per submission;
* ``execute``     -- ``SafeExecute``: survives dead and unresponsive kernels and floods of output;
* ``hidden``      -- ``HideHiddenTests``: feedback never shows hidden tests;
* ``gradebook``   -- scores from autograded notebooks into ``grading/gradebook.db``.
"""

# Part of every submission's fingerprint: bump it when a change here changes grades.
GRADER_VERSION = 1
