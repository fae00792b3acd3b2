"""One review session: the queue, the decisions file, who reviews, and how far they are."""

from __future__ import annotations

from dataclasses import dataclass

from smrisk.decisions import DECISIONS, Decision, DecisionLog, now
from smrisk.errors import InputError
from smrisk.review.queue import Post, ReviewQueue

MAX_NOTE = 2000  # characters; a note is a reason, not a document


@dataclass(frozen=True)
class Progress:
    reviewed: int  # posts with a standing decision on every flagged risk
    total: int

    def line(self) -> str:
        return f"{self.reviewed} of {self.total} reviewed"


class ReviewSession:
    """The state the page reads and the decisions it makes; decisions go to the log before anything else."""

    def __init__(self, queue: ReviewQueue, log: DecisionLog, reviewer: str, model_id: str) -> None:
        self.queue = queue
        self.log = log
        self.reviewer = reviewer
        self.model_id = model_id
        self._done = {i for i, post in enumerate(queue.posts) if self._is_done(post)}

    def decided(self, post: Post) -> dict[str, Decision]:
        """The standing decision on each of the post's risks that has one."""
        found = {risk: self.log.standing.get((post.row, post.sha256, risk)) for risk in post.risks}
        return {risk: decision for risk, decision in found.items() if decision is not None}

    def _is_done(self, post: Post) -> bool:
        return len(self.decided(post)) == len(post.flags)

    def is_done(self, index: int) -> bool:
        return index in self._done

    def progress(self) -> Progress:
        return Progress(len(self._done), len(self.queue.posts))

    def next_undecided(self, after: int = -1) -> int | None:
        """The first post after ``after`` not fully decided, wrapping round to the start; None when all are."""
        count = len(self.queue.posts)
        for step in range(1, count + 1):
            index = (after + step) % count
            if index not in self._done:
                return index
        return None

    def decide(self, index: int, risk: str, decision: str, note: str) -> Decision:
        """Record a decision on the ``risk`` of post ``index``: written and fsynced before it counts."""
        if not 0 <= index < len(self.queue.posts):
            raise InputError(f"no post {index}; there are {len(self.queue.posts)}")
        post = self.queue.posts[index]
        if risk not in post.risks:
            raise InputError(f"post {index} is not flagged {risk!r}; its flags are {', '.join(post.risks)}")
        if decision not in DECISIONS:
            raise InputError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")
        if len(note) > MAX_NOTE:
            raise InputError(f"the note has {len(note)} characters; keep it under {MAX_NOTE}")
        made = Decision(row=post.row, risk=risk, decision=decision, note=note, reviewer=self.reviewer, time=now(),
                        model_id=self.model_id, text=post.text, text_sha256=post.sha256, id=post.id, source=self.queue.source)
        self.log.append(made)
        if self._is_done(post):
            self._done.add(index)
        return made
