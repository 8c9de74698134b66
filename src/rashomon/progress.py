"""Progress callbacks shared by the pipeline and its front ends."""

from __future__ import annotations

from rashomon.datamodel import Problem


class Reporter:
    """Silent by default; the CLI subclasses this with Rich progress bars."""

    def start(self, stage: str, total: int) -> None:
        """A stage begins with `total` units of work."""

    def advance(self, amount: int = 1) -> None:
        """`amount` units of the current stage are done."""

    def problem(self, problem: Problem) -> None:
        """A document was skipped."""
