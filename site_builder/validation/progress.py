"""A one-line counter for long runs ("Memeriksa berkas 12000/22000"), on a terminal only.

Written to stderr, so stdout stays the report; silent when stderr is not a terminal or when the
CI variable is set, so logs of CI and of piped runs stay clean.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

INTERVAL = 0.1  # seconds between redraws: often enough to look alive, rarely enough to cost nothing


def wanted(stream: TextIO) -> bool:
    return not os.environ.get("CI") and hasattr(stream, "isatty") and stream.isatty()


class Progress:
    def __init__(self, label: str, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self._drawn = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.enabled and (now - self._drawn >= INTERVAL or self.done >= self.total):
            self._drawn = now
            self.stream.write(f"\r{self.label} {self.done}/{self.total}")
            self.stream.flush()

    def finish(self) -> None:
        """Erase the counter, leaving the terminal as it was."""
        if self.enabled and self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
