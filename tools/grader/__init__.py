"""Autograding for the course: ``make grade`` (``python tools/grade.py``).

nbgrader does the grading; these modules fill the gaps it leaves for a class of real submissions.

* ``command``     -- the run: find submissions, grade the changed ones, export the CSV, print a summary;
* ``state``       -- ``grading/grading_state.json``: content fingerprints, so a re-run grades only what changed;
* ``pool``        -- jobs as subprocesses, a few at a time, each killed (with its kernel) past its time limit;
* ``job``         -- one job: ``nbgrader autograde`` and ``generate_feedback`` in a throw-away course;
* ``course``      -- the course's nbgrader config, pointed at a throw-away course, with the steps below;
* ``submissions`` -- find and check submissions before any student code runs (names, unreadable files);
* ``overwrite``   -- nbgrader's ``OverwriteCells`` (``add_missing_cells``), recording what it restored;
* ``execute``     -- ``SafeExecute``: survives dead and unresponsive kernels and floods of output;
* ``hidden``      -- ``HideHiddenTests``: feedback never shows hidden tests (jupyter/nbgrader#917);
* ``gradebook``   -- scores into ``grading/gradebook.db`` with nbgrader's ``SaveAutoGrades``;
* ``export``      -- ``nbgrader export`` plugin: nbgrader's CSV plus status and flags;
* ``report``      -- the export and the summary at the end of a run.
"""

# Part of every submission's fingerprint: bump it when a change here changes grades.
GRADER_VERSION = 2
