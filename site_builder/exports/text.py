"""Record text made safe to carry in formats that forbid control characters (iCalendar, XML)."""

from __future__ import annotations

import re

from site_builder.site.filters import one_line  # the one definition; the exports take it from here

__all__ = ["one_line", "printable"]

# C0 controls except tab and newline, DEL, C1 controls, lone surrogates and the two XML non-characters:
# XML 1.0 cannot hold them even escaped, and RFC 5545 TEXT excludes the controls.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    """Line breaks normalised to \\n, forbidden characters dropped; everything else kept as written."""
    return _FORBIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
