"""The review page as a Starlette app: pages are GETs, the one change (a decision) is a POST with the session token.

Safe by default, for a server on the reviewer's own machine:

- ``POST /decide`` needs the header ``X-Smrisk-Token`` holding this session's random token (written
  into the page); without it the answer is 403, so another site open in the browser cannot make
  decisions. The Host header must be 127.0.0.1 or localhost (a DNS-rebinding page gets 400).
- Every piece of post text goes through Jinja2's autoescaping, and the Content-Security-Policy
  lets the page run only its own script file, so a post holding ``<script>`` is shown as text.
- Nothing reads a path from a request: pages are addressed by their place in the queue (an
  integer), and the two static files are read from the package once and served from memory.
"""

from __future__ import annotations

import hmac
import json
import secrets
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from smrisk.categories import DEFINITIONS
from smrisk.errors import SmriskError
from smrisk.evidence_cells import segments
from smrisk.review.session import MAX_NOTE, ReviewSession

TOKEN_HEADER = "X-Smrisk-Token"
STATIC = {"review.js": "text/javascript; charset=utf-8", "review.css": "text/css; charset=utf-8"}
_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                 b"connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]
_QUEUE_BEFORE, _QUEUE_AFTER = 8, 30  # the queue list shows this many posts around the current one
_LABELS = {"accept": "accepted", "reject": "rejected", "unsure": "not sure"}


class _SecurityHeaders:
    """Adds the CSP and friends to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


def create_app(session: ReviewSession, token: str | None = None) -> Starlette:
    """The review app for one session; ``token`` is made at random unless given (tests give one)."""
    token = token or secrets.token_urlsafe(32)
    templates = Environment(loader=PackageLoader("smrisk.review", "templates"), autoescape=select_autoescape(default=True),
                            trim_blocks=True, lstrip_blocks=True)
    static = {name: resources.files("smrisk.review").joinpath("static", name).read_bytes() for name in STATIC}

    async def home(request: Request) -> Response:
        if not session.queue.posts:
            return HTMLResponse(templates.get_template("empty.html").render(source=session.queue.source, rows=session.queue.rows))
        start = session.next_undecided()
        return RedirectResponse(f"/post/{start if start is not None else 0}", status_code=303)

    async def post_page(request: Request) -> Response:
        index = request.path_params["index"]
        if not 0 <= index < len(session.queue.posts):
            return HTMLResponse(f"no post {index}: the queue holds {len(session.queue.posts)}", status_code=404)
        html = templates.get_template("review.html").render(**_page(session, index, token))
        return HTMLResponse(html)

    async def decide(request: Request) -> Response:
        if not hmac.compare_digest(request.headers.get(TOKEN_HEADER, "").encode(), token.encode()):
            return JSONResponse({"error": f"missing or wrong {TOKEN_HEADER}: reload the page"}, status_code=403)
        try:
            body = json.loads(await request.body())
            index, risk, verdict, note = body["post"], body["risk"], body["decision"], body.get("note", "")
            if not isinstance(index, int) or not all(isinstance(v, str) for v in (risk, verdict, note)):
                raise TypeError("post must be an integer; risk, decision and note strings")
        except (ValueError, KeyError, TypeError) as exc:
            return JSONResponse({"error": f"bad request: {exc}"}, status_code=400)
        try:
            made = session.decide(index, risk, verdict, note)
        except SmriskError as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        following = session.next_undecided(index)
        return JSONResponse({
            "saved": {"row": made.row, "risk": made.risk, "decision": made.decision, "label": _LABELS[made.decision]},
            "progress": session.progress().line(),
            "post_done": session.is_done(index),
            "next": None if following is None else f"/post/{following}",
        })

    def static_file(name: str) -> Route:
        async def serve(request: Request) -> Response:
            return Response(static[name], media_type=STATIC[name])

        return Route(f"/static/{name}", serve)

    routes = [
        Route("/", home),
        Route("/post/{index:int}", post_page),
        Route("/decide", decide, methods=["POST"]),
        *(static_file(name) for name in STATIC),
    ]
    middleware = [Middleware(_SecurityHeaders), Middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost"])]
    return Starlette(routes=routes, middleware=middleware)


def _page(session: ReviewSession, index: int, token: str) -> dict[str, Any]:
    """What the review template shows for post ``index``."""
    post = session.queue.posts[index]
    decided = session.decided(post)
    located = [span for flag in post.flags for span in flag.located]
    count = len(session.queue.posts)
    window = range(max(0, index - _QUEUE_BEFORE), min(count, index + _QUEUE_AFTER + 1))
    return {
        "token": token,
        "source": session.queue.source,
        "reviewer": session.reviewer,
        "model_id": session.model_id,
        "progress": session.progress().line(),
        "index": index,
        "count": count,
        "post": post,
        "segments": segments(post.shown, located),
        "flags": [{"flag": flag, "definition": DEFINITIONS[flag.risk], "decision": decided.get(flag.risk),
                   "label": _LABELS[decided[flag.risk].decision] if flag.risk in decided else ""} for flag in post.flags],
        "queue": [{"index": i, "post": session.queue.posts[i], "done": session.is_done(i)} for i in window],
        "hidden_before": window.start,
        "hidden_after": count - window.stop,
        "previous": f"/post/{index - 1}" if index > 0 else None,
        "next": f"/post/{index + 1}" if index + 1 < count else None,
        "max_note": MAX_NOTE,
    }
