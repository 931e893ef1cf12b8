"""`pks serve` runs the cross-record rules again after an edit from what they found before
(checks/incremental.py): after every kind of edit, its report is the one a full cross_record() gives:
the same problems in the same order, with the same words and fixes, and the same files counted."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

from site_builder.validation import filecheck, schemas, sources, validate
from site_builder.validation.checks.incremental import Rerun
from site_builder.validation.problems import Problem

REPO = Path(__file__).resolve().parents[2]
if str(REPO / "benchmarks") not in sys.path:
    sys.path.insert(0, str(REPO / "benchmarks"))  # the generator is a script folder, not a package

import generate  # noqa: E402

AS_OF = dt.date(2025, 7, 1)


class Judged:
    """Every file's verdict in discover order, as `pks serve` keeps them: a file whose bytes did not
    change keeps its document object; a changed, added or removed file is judged again or dropped."""

    def __init__(self, root: Path):
        self.root, self.checker = root, schemas.load(root / "schema")
        self.kept: dict[str, tuple[bytes | None, filecheck.Verdict, sources.SourceDocument]] = {}

    def now(self) -> list[tuple[filecheck.Verdict, sources.SourceDocument]]:
        kept = {}
        for relpath, _ in sources.discover_stats(self.root):
            raw = filecheck.raw_bytes(self.root / relpath)
            old = self.kept.get(relpath)
            if old is None or raw is None or old[0] != raw:
                doc = sources.read(self.root, self.root / relpath)
                old = (raw, filecheck.judge(doc, self.checker), doc)
            kept[relpath] = old
        self.kept = kept
        return [(verdict, doc) for _, verdict, doc in kept.values()]


def _whole(problems: list[Problem]) -> list[tuple]:
    """A problem with everything it prints (Problem compares by place and code only)."""
    return [(p, p.params, p.pointer, p.fix) for p in problems]


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _sub(path: Path, pattern: str, new: str) -> None:
    text = _text(path)
    changed = re.sub(pattern, new, text, count=1, flags=re.M)
    assert changed != text, (pattern, path)
    path.write_text(changed, encoding="utf-8")


def _agreements(root: Path) -> list[Path]:
    return sorted(p for p in (root / "agreements").glob("*/*.yaml"))


def _with(root: Path, pattern: str, folder: str = "agreements/*/*.yaml") -> Path:
    return next(p for p in sorted(root.glob(folder)) if re.search(pattern, _text(p), re.M))


def _field(path: Path, name: str) -> str:
    """The value of a line `name: value` (name with its indentation)."""
    found = re.search(rf"^{name}: (\S+)$", _text(path), re.M)
    assert found, (name, path)
    return found.group(1)


def _id(path: Path) -> str:
    return _field(path, "id")


def _named(root: Path, agreement_id: str) -> Path:
    return next(root.glob(f"agreements/*/{agreement_id}.yaml"))


def test_each_kind_of_edit_gives_the_report_a_full_run_gives(tmp_path):
    root = tmp_path / "registry"
    generate.generate(60, root, seed=3)
    judged = Judged(root)
    again = Rerun()
    seen: set[str] = set()
    total = len(judged.now())

    def same(expect: str | None = None, most: int | None = None) -> None:
        files = judged.now()
        full, full_shaped = validate.cross_record(root, AS_OF, files)
        report, shaped = validate.cross_record(root, AS_OF, files, again=again)
        assert _whole(report.problems) == _whole(full.problems)
        assert report.files_checked == full.files_checked
        assert shaped == full_shaped
        codes = {p.code for p in full.problems}
        seen.update(codes)
        if expect is not None:
            assert expect in codes, (expect, sorted(codes))
        if most is not None:  # the records this edit can touch, not every one again
            assert again.looked_at <= most, again.looked_at

    same()
    assert again.looked_at > total  # the first run looks at everything, rule by rule

    renewal = _with(root, r"^  renews: ")
    renewed = _named(root, _field(renewal, "  renews"))
    plan = _with(root, r"^agreement: ", "agreements/*/rencana-aksi/*.yaml")
    planned = _named(root, _field(plan, "agreement"))
    party = _field(planned, "  - agency")
    saved = {p: _text(p) for p in (renewal, renewed, plan, planned)}

    # an id that no longer matches its file: the agreement is renamed for everyone who names it
    _sub(renewed, r"^id: .*$", "id: perjanjian-berganti-id")
    same("id-filename-mismatch")
    assert "ref-unknown-agreement" in seen or "ref-broken-record" in seen
    renewed.write_text(saved[renewed], encoding="utf-8")
    same(most=60)

    # a duplicate id, then the copy removed
    copy = renewed.with_name("salinan-" + renewed.name)
    shutil.copy(renewed, copy)
    same("id-duplicate")
    copy.unlink()
    same(most=60)

    # a party that does not exist, then the agency added (the reference now resolves)
    _sub(planned, rf"^  - agency: {party}$", "  - agency: instansi-tidak-ada")
    same("ref-unknown-agency")
    agency = next((root / "agencies").glob("*.yaml"))
    (root / "agencies" / "instansi-tidak-ada.yaml").write_text(
        _text(agency).replace(f"id: {agency.stem}\n", "id: instansi-tidak-ada\n"), encoding="utf-8"
    )
    same()
    # a partner changed to another existing agency: the plan's responsible party is no longer a party
    _sub(planned, r"^  - agency: instansi-tidak-ada$", f"  - agency: {agency.stem}")
    same()
    planned.write_text(saved[planned], encoding="utf-8")
    (root / "agencies" / "instansi-tidak-ada.yaml").unlink()
    same()

    # dates: a validity that ends before it starts; the plan's activities then fall outside it
    _sub(planned, r'^  end: ".*"$', '  end: "1999-01-01"')
    same("date-order")
    _sub(plan, r"^    schedule: null$", '    schedule:\n      start: "1990-01-01"\n      end: "1990-02-01"')
    same("activity-outside-validity")
    planned.write_text(saved[planned], encoding="utf-8")
    same("activity-outside-validity")
    plan.write_text(saved[plan], encoding="utf-8")
    same()

    # renewal chains: a loop, a renewal of nothing, an umbrella of the wrong kind
    _sub(renewed, r"^validity:", f"relations:\n  renews: {_id(renewal)}\nvalidity:")
    same("ref-cycle")
    _sub(renewal, r"^  renews: .*$", "  renews: perjanjian-yang-tidak-ada")
    same("ref-unknown-agreement")
    _sub(renewal, r"^  renews: .*$", f"  umbrella: {_id(planned)}")
    planned.write_text(
        re.sub(r"^kind: .*$", "kind: perjanjian-kerja-sama", _text(planned), flags=re.M), encoding="utf-8"
    )
    same("ref-wrong-kind")
    for path in (renewal, renewed, planned):
        path.write_text(saved[path], encoding="utf-8")
    same()

    # an agency's parent chain that loops
    child = _with(root, r"^parent: \S", "agencies/*.yaml")
    parent = root / "agencies" / (_field(child, "parent") + ".yaml")
    parent_text = _text(parent)
    _sub(parent, r"^parent: .*$", f"parent: {child.stem}")
    same("ref-cycle")
    parent.write_text(parent_text, encoding="utf-8")
    same()

    # a second plan for the same agreement, and a scope item the agreement lacks
    second = plan.with_name("ra-kedua-" + plan.name)
    second.write_text(_text(plan).replace(f"id: {plan.stem}\n", f"id: {second.stem}\n"), encoding="utf-8")
    same("plan-duplicate")
    second.unlink()
    _sub(planned, r"^  - id: (\S+)$", "  - id: butir-lain")
    same()
    planned.write_text(saved[planned], encoding="utf-8")

    # a removed agreement that a plan names, then an unreadable file of that name
    planned.unlink()
    same("ref-unknown-agreement")
    planned.write_text("id: [tidak ditutup\n", encoding="utf-8")
    same("ref-broken-record")
    planned.write_text(saved[planned], encoding="utf-8")
    same(most=120)

    # a document kept in the repository (the rule reads files: looked at again every time)
    (root / "dokumen").mkdir()
    (root / "dokumen" / "naskah.pdf").write_bytes(b"%PDF-1.4 naskah")
    item = '  - title: Naskah\n    path: dokumen/naskah.pdf\n    sha256: "' + "0" * 64 + '"\n'
    if re.search(r"^documents:$", _text(planned), re.M):
        _sub(planned, r"^documents:\n", "documents:\n" + item)
    else:
        _sub(planned, r"^sources:", "documents:\n" + item + "sources:")
    same("document-checksum")
    (root / "dokumen" / "naskah.pdf").unlink()
    same("document-missing")

    assert again.looked_at < total  # an edit looks again at what it touches
