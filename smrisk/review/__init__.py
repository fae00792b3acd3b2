"""The local review page (``smrisk review``): flagged posts one at a time, decisions to a JSONL file.

The web stack (Starlette, uvicorn, Jinja2) is the ``review`` extra and is imported only by
``smrisk.review.app`` and ``smrisk.review.command.run_review``.
"""
