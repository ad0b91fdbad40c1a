"""Sphinx configuration of the course's HTML book (built by ``make book`` / ``tools/book.py``).

The book is rendered from the notebooks' *stored* outputs (``nb_execution_mode = "off"``): strict
nbval already guarantees they are current, and a build needs no kernel. ``tools/book.py`` stages the
pages into one source folder (README, lessons, student exercises, this folder) and runs Sphinx with
warnings as errors, so a broken link, a missing image or an unknown reference fails the build.
"""

project = "Breaking Symmetry"
author = "Breaking Symmetry contributors"
copyright = "Breaking Symmetry contributors, MIT licence"

extensions = [
    "myst_nb",                 # notebooks and MyST markdown
    "sphinx-mathjax-offline",  # MathJax 3 copied into _static: maths renders with no network
]

root_doc = "index"
# tools/book.py stages exactly the pages of the book; nothing else is read.
exclude_patterns = ["_build", "**.ipynb_checkpoints", "conf.py", "_templates"]

# Never execute: render what the notebooks store.
nb_execution_mode = "off"
# Outputs the book cannot show (widget views without their state) were replaced by a note when
# staging; prefer rich, then plain output for the rest.
nb_merge_streams = True

myst_enable_extensions = ["dollarmath", "amsmath"]
# "[Course map](../README.md#course-map)": heading anchors down to ###.
myst_heading_anchors = 3

html_theme = "sphinx_book_theme"
html_title = "Breaking Symmetry"
html_static_path = ["_static"]
templates_path = ["_templates"]
# The language switch (English · 简体中文) under the logo, on every page; tools/book.py passes
# bs_edition and bs_bilingual with -A.
html_sidebars = {"**": ["navbar-logo.html", "language-switch.html", "search-button-field.html",
                        "sbt-sidebar-nav.html"]}
html_css_files = ["book.css"]
html_theme_options = {
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "home_page_in_toc": True,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "navigation_with_keys": False,
    "navbar_persistent": [],  # one search box (the sidebar's), not two
}
html_last_updated_fmt = None
# The download button offers each page's notebook (from _sources) and a print view.
html_copy_source = True
html_show_sourcelink = False
html_favicon = "_static/favicon.svg"
# pydata-sphinx-theme logs a console error when no default colour mode is set.
html_context = {"default_mode": "light"}

# Warnings are errors (sphinx-build -W); these are the checks that matter for a book.
nitpicky = False
suppress_warnings = []
