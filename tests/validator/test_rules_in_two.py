"""A full run's cross-record rules shared with a forked process (checks/halves.py): for every problem
code, the report is the one-process run's, problem for problem, in the same order, with the same words,
positions and fixes; a forked process that dies, at any point, changes nothing, and the work it was
given besides the rules (saving the cache, writing the summary table) is then done here, and that work
is shared as it comes: each task once, by whichever process is free."""

from __future__ import annotations

import os
import signal

import pytest
from test_validator_cases import INVALID, place
from validator_support import AS_OF

from site_builder.validation import cache, validate
from site_builder.validation.checks import halves


def _whole(problems) -> list[tuple]:
    """A problem with everything it prints (Problem compares by place and code only)."""
    return [(p, p.params, p.pointer, p.fix) for p in problems]


@pytest.fixture
def shared(monkeypatch) -> list[int]:
    """Every cross_record shares its rules, however few the records; the list counts the runs that did."""
    calls: list[int] = []
    real = validate.run_in_two

    def counted(reg, meanwhile=()):
        calls.append(1)
        return real(reg, meanwhile)

    monkeypatch.setattr(validate, "RULES_SHARED_FROM", 0)
    monkeypatch.setattr(validate, "run_in_two", counted)
    return calls


@pytest.mark.parametrize("case", INVALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_two_processes_give_one_process_report(case, make_registry, shared):
    root, _ = place(case, make_registry)
    judged = validate.judge_files(root, jobs=1, use_cache=False)
    alone, _ = validate.cross_record(root, AS_OF, judged, jobs=1)
    assert shared == []
    two, _ = validate.cross_record(root, AS_OF, judged, jobs=2)
    assert shared == [1]
    assert _whole(two.problems) == _whole(alone.problems) and alone.problems


def _registry_with_problems(make_registry):
    """A case registry with problems from rules of several families, on records of every kind."""
    root, _ = place(next(case for case in INVALID if case.parent.name == "ref-unknown-agency"), make_registry)
    for code in ("activity-outside-validity", "id-duplicate", "plan-duplicate", "ref-cycle"):
        case = next(case for case in INVALID if case.parent.name == code)
        place(case, lambda files: make_registry({}))  # into the same registry (its records are there)
    return root


def _dies_in_the_child(parent: int):
    def die() -> None:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)

    return die


@pytest.mark.parametrize("when", ["while-looking", "after-sending-its-problems", "sending-what-cannot-be-read"])
def test_a_forked_process_that_fails_changes_nothing(when, make_registry, monkeypatch, shared):
    root = _registry_with_problems(make_registry)
    judged = validate.judge_files(root, jobs=1, use_cache=False)
    alone, _ = validate.cross_record(root, AS_OF, judged, jobs=1)
    assert len({p.code for p in alone.problems}) >= 4
    parent = os.getpid()
    done_by: list[int] = []
    tasks = [lambda: done_by.append(os.getpid())]
    if when == "while-looking":
        real_look = halves._look

        def look(reg, rule, docs):
            _dies_in_the_child(parent)()
            return real_look(reg, rule, docs)

        monkeypatch.setattr(halves, "_look", look)
    elif when == "after-sending-its-problems":
        tasks.insert(0, _dies_in_the_child(parent))
    else:
        real_dumps = halves.marshal.dumps
        monkeypatch.setattr(halves.marshal, "dumps", lambda value: real_dumps(value)[:-1])
    two, _ = validate.cross_record(root, AS_OF, judged, jobs=2, meanwhile=tasks)
    assert shared == [1]
    assert _whole(two.problems) == _whole(alone.problems)
    assert done_by == [parent]  # the child's other work, done here once it failed


def test_the_forked_process_saves_the_cache(make_registry, monkeypatch, shared, tmp_path):
    """A full run whose rules are shared: the cache the forked process wrote is complete and read back."""
    monkeypatch.setenv("PKS_CACHE_DIR", str(tmp_path / "cache"))
    root = _registry_with_problems(make_registry)
    cold, _ = validate.validate(root, AS_OF, jobs=1, use_cache=False)
    first, _ = validate.validate(root, AS_OF, jobs=2, use_cache=True, whole=False)
    assert shared == [1]
    store = cache.Store(root)
    assert len(store.entries) == sum(cold.files_checked.values())
    again, _ = validate.validate(root, AS_OF, jobs=2, use_cache=True, whole=False)
    assert _whole(first.problems) == _whole(again.problems) == _whole(cold.problems)


@pytest.mark.parametrize("slow", ["neither", "this-process", "forked-process"])
def test_each_other_task_is_done_once_by_whichever_process_is_free(make_registry, shared, tmp_path, monkeypatch, slow):
    """The tasks besides the rules are taken one at a time by the process that is done first: each
    exactly once, whichever process is slower at its records."""
    root = _registry_with_problems(make_registry)
    judged = validate.judge_files(root, jobs=1, use_cache=False)
    alone, _ = validate.cross_record(root, AS_OF, judged, jobs=1)
    parent = os.getpid()
    real_look = halves._look

    def look(reg, rule, docs):
        if (slow == "this-process") == (os.getpid() == parent) and slow != "neither":
            __import__("time").sleep(0.05)
        return real_look(reg, rule, docs)

    monkeypatch.setattr(halves, "_look", look)
    log = tmp_path / "done"

    def task(number: int):
        def do() -> None:
            with open(log, "a", encoding="utf-8") as out:
                out.write(f"{number} {'here' if os.getpid() == parent else 'there'}\n")

        return do

    two, _ = validate.cross_record(root, AS_OF, judged, jobs=2, meanwhile=[task(n) for n in range(4)])
    assert shared == [1]
    assert _whole(two.problems) == _whole(alone.problems)
    done = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert sorted(int(number) for number, _ in done) == [0, 1, 2, 3]
    if slow == "this-process":
        assert {who for _, who in done} == {"there"}
