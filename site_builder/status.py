"""An agreement's status on a given day, computed from its dates and recorded decisions.

Records never store a status, so none can go stale. The same rules run in the browser
(site_builder/site/assets/status.js) so that an old page still tells the truth; tests keep them equal.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from site_builder.dates import Bound

DEFAULT_WARN_DAYS = 90


class Status(str, enum.Enum):
    BELUM_BERLAKU = "belum-berlaku"  # not yet in force
    BERLAKU = "berlaku"  # in force
    AKAN_BERAKHIR = "akan-berakhir"  # in force, ends within the warning window
    BERAKHIR = "berakhir"  # ended, no recorded renewal
    DIPERPANJANG = "diperpanjang"  # ended and continued by a recorded renewal
    DIHENTIKAN = "dihentikan"  # terminated early
    TIDAK_PASTI = "tidak-pasti"  # the as-of date falls where the source leaves the end open


class Reason(str, enum.Enum):
    """Why the status is what it is; labels.py words each reason for the public."""

    TERMINATED = "terminated"
    STARTS_LATER = "starts-later"
    START_UNCERTAIN = "start-uncertain"
    RENEWED = "renewed"
    ENDED = "ended"
    END_IN_RANGE = "end-in-range"
    END_UNKNOWN = "end-unknown"
    ENDS_SOON = "ends-soon"
    IN_FORCE = "in-force"


class UnknownStart(enum.Enum):
    """A renewal is recorded, but neither its start nor its signing day is known (the only member of
    its type, so a renewal start is a precise union: RenewalStart)."""

    UNKNOWN_START = "unknown-start"


UNKNOWN_START = UnknownStart.UNKNOWN_START

# When the recorded renewal of an agreement starts: its start (or signing date) as a Bound, or
# UNKNOWN_START. None where no renewal is recorded.
RenewalStart = Bound | UnknownStart


@dataclass(frozen=True, slots=True)
class StatusResult:
    status: Status
    reason: Reason
    as_of: dt.date
    date: dt.date | None = None  # the day the reason refers to (end, start, termination), if known
    date_latest: dt.date | None = None  # with a range: its latest day


def compute(
    start: Bound | None,
    end: Bound | None,
    termination: dt.date | None,
    successor_start: RenewalStart | None,
    as_of: dt.date,
    warn_days: int = DEFAULT_WARN_DAYS,
) -> StatusResult:
    """successor_start: the start of a recorded renewal (UNKNOWN_START when it is not known), or None
    when there is no recorded renewal."""

    def renewed() -> bool:
        if successor_start is UNKNOWN_START:
            return True
        return isinstance(successor_start, Bound) and successor_start.earliest <= as_of

    if termination is not None and termination <= as_of:
        return StatusResult(Status.DIHENTIKAN, Reason.TERMINATED, as_of, termination)
    if start is not None and start.earliest > as_of:
        return StatusResult(Status.BELUM_BERLAKU, Reason.STARTS_LATER, as_of, start.earliest, start.latest)
    if start is not None and start.latest > as_of:
        return StatusResult(Status.TIDAK_PASTI, Reason.START_UNCERTAIN, as_of, start.earliest, start.latest)
    if end is None:
        if renewed():
            return StatusResult(Status.DIPERPANJANG, Reason.RENEWED, as_of)
        return StatusResult(Status.TIDAK_PASTI, Reason.END_UNKNOWN, as_of)
    if end.latest < as_of:
        if renewed():
            return StatusResult(Status.DIPERPANJANG, Reason.RENEWED, as_of, end.earliest, end.latest)
        return StatusResult(Status.BERAKHIR, Reason.ENDED, as_of, end.earliest, end.latest)
    if end.earliest <= as_of:  # only a range can contain as_of here without having ended
        if end.exact:
            return _in_force(end, as_of, warn_days)
        if renewed():
            return StatusResult(Status.DIPERPANJANG, Reason.RENEWED, as_of, end.earliest, end.latest)
        return StatusResult(Status.TIDAK_PASTI, Reason.END_IN_RANGE, as_of, end.earliest, end.latest)
    return _in_force(end, as_of, warn_days)


def _in_force(end: Bound, as_of: dt.date, warn_days: int) -> StatusResult:
    if (end.earliest - as_of).days <= warn_days:
        return StatusResult(Status.AKAN_BERAKHIR, Reason.ENDS_SOON, as_of, end.earliest, end.latest)
    return StatusResult(Status.BERLAKU, Reason.IN_FORCE, as_of, end.earliest, end.latest)


# Home page tiles: every agreement in exactly one, by its status, except that an agreement whose end
# the source gives only as a range goes to the "ends within N days" tile once even the range's
# latest day is that close (as of 2026-02-01 an agreement ending "between 2024-03-13 and
# 2026-03-13" must end within 41 days, though its status stays 'tidak pasti').
TILES = (
    Status.BERLAKU,
    Status.AKAN_BERAKHIR,
    Status.DIPERPANJANG,
    Status.BERAKHIR,
    Status.DIHENTIKAN,
    Status.BELUM_BERLAKU,
    Status.TIDAK_PASTI,
)


def tile(result: StatusResult, warn_days: int) -> Status:
    if (
        result.reason is Reason.END_IN_RANGE
        and result.date_latest is not None
        and (result.date_latest - result.as_of).days <= warn_days
    ):
        return Status.AKAN_BERAKHIR
    return result.status


def change_days(
    start: Bound | None,
    end: Bound | None,
    termination: dt.date | None,
    successor_start: RenewalStart | None,
    warn_days: int,
) -> set[dt.date]:
    """Every day on which compute() or tile() can give another answer than the day before: the
    status and the tile are constant between these days (tests/site/test_status_tiles.py checks it
    day by day)."""
    one, warn = dt.timedelta(days=1), dt.timedelta(days=warn_days)
    days = {termination} if termination else set()
    if start is not None:
        days |= {start.earliest, start.latest}  # uncertain while as_of < latest
    if end is not None:
        days |= {end.earliest - warn, end.latest - warn, end.earliest, end.latest + one}
    if isinstance(successor_start, Bound):
        days.add(successor_start.earliest)
    return days
