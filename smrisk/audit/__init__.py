"""The HTML audit report of a batch output (``smrisk report``): read, summarise, chart, render.

Needs the ``report`` extra (Jinja2 and matplotlib); ``smrisk.audit.command`` imports neither
until the command runs, so ``smrisk --help`` works without it.
"""
