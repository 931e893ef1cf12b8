"""run_all's problems from two processes: the last part of every rule's records is looked at by a
forked process while this one looks at the rest, and both then do the other work (saving the verdict
cache, writing the summary table), so that a full validation's serial tail uses both cores.

The report is run_all's, problem for problem and in the same order: a rule registered with @each
(base.EachRecord) yields problems on the record it looks at only, record after record, so its
problems are those of the first part of its records followed by those of the last part; a rule over
the whole index (@check) is run here whole. The other process sends its problems back
marshalled, as pool workers' results are sent. Anything amiss with it (it fails, is killed, sends
what cannot be read) and this process looks at its records and does its other work itself: a
verdict never depends on whether the other process did its part, and the other work must be safe
to do twice (the cache is written to a temporary file and renamed into place). Forking is the
caller's decision (where fork is safe).

The other work is shared as it comes: each task is one byte in a pipe made before the fork, and each
process, once done with its records, takes the next byte (a pipe gives each byte to one reader only)
and does that task, until none is left. So whichever process is done first does more of it, however
the machine's load or the registry's size make the two parts' times differ.
"""

from __future__ import annotations

import marshal
import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import fields

from site_builder.validation.checks.base import CHECKS, EachRecord, RecordIndex
from site_builder.validation.problems import Problem
from site_builder.validation.sources import SourceDocument

_FIELDS = tuple(f.name for f in fields(Problem))
# The share of each rule's records this process looks at when there is one other task: at 22,000 files
# the rules take ~0.7 s and saving the cache ~0.25 s (writing 50 MB); the forked process, done first
# with fewer records, takes it, so each process is busy about as long. With two or more (saving the
# cache, writing the summary table: ~0.25 s each), each process takes the next as it becomes free,
# and the records are shared evenly.
MINE_WITH_OTHER_WORK = 0.65


def run_in_two(reg: RecordIndex, meanwhile: Sequence[Callable[[], None]] = ()) -> list[Problem]:
    """run_all(reg), the last part of each rule's records looked at by a forked process, which then
    does the meanwhile tasks (done here when it could not)."""
    parts: list[tuple[EachRecord | None, list[SourceDocument]]] = [
        (rule, list(rule.domain(reg))) if isinstance(rule, EachRecord) else (None, []) for rule in CHECKS
    ]
    share = MINE_WITH_OTHER_WORK if len(meanwhile) == 1 else 0.5
    cuts = [round(len(docs) * share) for _, docs in parts]
    theirs = [docs[cut:] for (_, docs), cut in zip(parts, cuts, strict=True)]
    tasks = _task_pipe(len(meanwhile))
    pid, pipe = _fork(reg, parts, theirs, meanwhile, tasks)
    done_here: list[int] = []
    try:
        mine = [
            _look(reg, rule, docs[:cut]) if rule else list(whole(reg))
            for (rule, docs), cut, whole in zip(parts, cuts, CHECKS, strict=True)
        ]
        if pid and tasks is not None:
            done_here = _take_tasks(tasks, meanwhile)
        received = _received(pid, pipe, len(parts)) if pid else None
        pid = 0
    finally:
        if pid:  # this process failed on its half: the other one's is not wanted
            _stop(pid)
        for handle in (pipe, tasks):
            if handle is not None:
                os.close(handle)
    if received is None:  # the other process's tasks too, whether it did them or not
        for number, task in enumerate(meanwhile):
            if number not in done_here:
                task()
    out: list[Problem] = []
    for number, (rule, _) in enumerate(parts):
        out += mine[number]
        if rule is not None:
            out += [Problem(*item) for item in received[number]] if received else _look(reg, rule, theirs[number])
    return out


def _look(reg: RecordIndex, rule: EachRecord, docs: list[SourceDocument]) -> list[Problem]:
    on = rule.on
    return [found for doc in docs for found in on(reg, doc)]


def _task_pipe(count: int) -> int | None:
    """The read end of a pipe holding one byte per task (its number), written and closed: reading
    it gives each task to one process, then end of file. None without tasks, with more than a byte can
    number, or when none could be made (the other process then does every task)."""
    if not 0 < count < 256:
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        os.write(write_end, bytes(range(count)))  # at most a few: far below a pipe's buffer
    except OSError:
        os.close(read_end)
        return None
    finally:
        os.close(write_end)
    return read_end


def _take_tasks(tasks: int, meanwhile: Sequence[Callable[[], None]]) -> list[int]:
    """Do the tasks not yet taken by the other process, one at a time; their numbers."""
    done: list[int] = []
    while True:
        try:
            taken = os.read(tasks, 1)
        except OSError:
            return done
        if not taken or taken[0] >= len(meanwhile):
            return done
        meanwhile[taken[0]]()
        done.append(taken[0])


def _fork(
    reg: RecordIndex,
    parts: list[tuple[EachRecord | None, list[SourceDocument]]],
    theirs: list[list[SourceDocument]],
    meanwhile: Sequence[Callable[[], None]],
    tasks: int | None,
) -> tuple[int, int | None]:
    """The other process at work on theirs, then on the meanwhile tasks it takes (all of them without
    a task pipe), and the pipe its problems come through (closed once it is done with both); (0, None)
    when none could be started (this process then does everything)."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return 0, None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return 0, None
    if pid == 0:  # the child: look, send, and leave without running any of the parent's exit code
        status = 1
        try:
            os.close(read_end)
            found = [
                [tuple(getattr(p, name) for name in _FIELDS) for p in _look(reg, rule, docs)] if rule else []
                for (rule, _), docs in zip(parts, theirs, strict=True)
            ]
            with os.fdopen(write_end, "wb") as out:
                out.write(marshal.dumps(found))
                if tasks is None:
                    for task in meanwhile:
                        task()
                else:
                    _take_tasks(tasks, meanwhile)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _received(pid: int, pipe: int | None, count: int) -> list[list[tuple]] | None:
    """The other process's problems per rule; None when it did not finish well."""
    if pipe is None:
        return None
    chunks = []
    try:
        while chunk := os.read(pipe, 1 << 20):
            chunks.append(chunk)
    except OSError:
        _stop(pid)
        return None
    try:
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            return None
        found = marshal.loads(b"".join(chunks))
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(found, list) or len(found) != count or not all(isinstance(part, list) for part in found):
        return None
    return found


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:
        pass
