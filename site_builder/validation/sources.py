"""Find record files, read them safely and parse them into SourceDocuments.

Everything that can be wrong with a file before its content is judged (location, name, size,
encoding, invisible characters, tabs, YAML hazards) becomes a located Problem here.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder.validation import fixes
from site_builder.validation.problems import Problem, problem

if TYPE_CHECKING:  # imported where a text is parsed: finding and stat-ing files needs no YAML library
    from site_builder.validation import yamlread

MAX_BYTES = 256 * 1024
KIND_FOLDERS = {
    "agency": "agencies/",
    "agreement": "agreements/<lembaga>/",
    "action-plan": "agreements/<lembaga>/rencana-aksi/",
}
PLAN_FOLDER = "rencana-aksi"
# A record id, and so the name of its file (schema/defs.schema.json $defs.id.pattern; a test holds them equal).
RECORD_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# libyaml cannot read past these, or (NEL, LS, PS) counts them as line breaks, which would shift every
# line number after them; such a file is reported but not parsed.
_FATAL_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_TAB = re.compile("\t")
# The ASCII characters _text_problems never reports: line breaks and the printable ones (the ASCII
# part of yamlread.INVISIBLE and the tab are the rest; tests/validator/test_reading_fast.py holds them so).
_ASCII_UNREMARKABLE = bytes([0x0A, 0x0D, *range(0x20, 0x7F)])
# _no_content's "a line neither blank nor a comment", for a text of those characters only (its only
# line break is \n, its only blank a space): found without splitting the whole text into lines.
_CONTENT_LINE = re.compile("^ *[^ #\n]", re.MULTILINE)


@dataclass
class SourceDocument:
    path: str  # repository-relative, forward slashes
    kind: str | None
    text: str = ""
    data: object = None
    parsed: bool = False  # True when data is trustworthy enough for the schema stage
    values: Mapping[tuple, tuple[int, int]] = field(default_factory=dict)  # where each value starts
    keys: Mapping[tuple, tuple[int, int]] = field(default_factory=dict)  # where each key starts
    problems: list[Problem] = field(default_factory=list)
    rewritten: list = field(
        default_factory=list
    )  # yamlread.Parsed.rewritten: values YAML reads differently from their text

    @property
    def stem(self) -> str:
        return stem_of(self.path)

    @property
    def folder(self) -> str | None:
        """The owning institution's folder for agreements and plans: agreements/<folder>/..."""
        parts = self.path.split("/")
        return parts[1] if parts[0] == "agreements" and len(parts) >= 3 else None

    def position(self, path: tuple, at_key: bool = False) -> tuple[int, int] | None:
        """Where a value (or its key) starts; the nearest enclosing value when it is absent."""
        if at_key and path in self.keys:
            return self.keys[path]
        while True:
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1) if self.text else None
            path = path[:-1]

    def problem(self, code: str, path: tuple = (), at_key: bool = False, fix: tuple = (), **params) -> Problem:
        return problem(self.path, code, self.position(path, at_key), pointer=pointer_text(path), fix=fix, **params)


def stem_of(relpath: str) -> str:
    """A file's name without its folder and extension: the id its record must have."""
    return relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def pointer_text(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def kind_of(relpath: str) -> str | None:
    """The record kind a path's folder stands for, or None when no kind lives there."""
    parts = relpath.split("/")
    if parts[0] == "agencies" and len(parts) >= 2:
        return "agency"
    if parts[0] == "agreements" and len(parts) == 3:
        return "agreement"
    if parts[0] == "agreements" and len(parts) == 4 and parts[2] == PLAN_FOLDER:
        return "action-plan"
    return None


def guess_kind(data: object) -> str | None:
    """What kind of record the content looks like, to say where a misplaced file belongs."""
    if not isinstance(data, dict):
        return None
    if "activities" in data or "agreement" in data:
        return "action-plan"
    if "parties" in data or "validity" in data:
        return "agreement"
    if "name" in data or "short_name" in data:
        return "agency"
    return None


def discover(root: Path) -> list[Path]:
    """Every file and symbolic link under agencies/ and agreements/, sorted; hidden files are skipped.

    Links are listed (not followed) so that `read` can refuse them by name.
    """
    return [root / relpath for relpath in discover_relpaths(root)]


def discover_relpaths(root: Path) -> list[str]:
    """discover(root) as repository-relative paths with forward slashes, in the same order; without
    building a Path per file (a fifth of a cached run's time at 22,000 files)."""
    return [relpath for relpath, _ in discover_stats(root, with_stats=False)]


Identity = tuple[int, int, int, int]  # (inode, size, mtime_ns, ctime_ns), see identity()
# A place in the walk's order: (top folder, name directly in it). ("agencies", "") is the very start;
# ("agreements", name) falls between institutions' folders.
Place = tuple[str, str]
TOPS = ("agencies", "agreements")


def discover_stats(
    root: Path, with_stats: bool = True, *, start: Place | None = None, stop: Place | None = None
) -> list[tuple[str, Identity | None]]:
    """(relpath, identity) for each file discover_relpaths(root) lists, in its order, the stat taken
    in the same walk (with_stats) from each folder's handle: no path is looked up twice. The
    identity is None for a link and for anything identity() gives None for.

    Files are listed in the order of their paths' parts (each folder's names sorted, a folder's
    files at its name's place), which is what sorting the relpaths split at "/" gives.

    With start and stop, only the part of the walk at or after start and before stop, compared by
    (top folder, name in it): two processes can each walk a part (walk_split gives a place between)
    and the parts together are the whole walk, in order, each name in exactly one of them.
    """
    found: list[tuple[str, Identity | None]] = []
    for top in TOPS:
        if (start is not None and top < start[0]) or (stop is not None and (top, "") >= stop):
            continue  # this top folder lies wholly outside the part: (top, "") is its first place
        base = root / top
        if base.is_symlink():  # a whole folder pointing elsewhere is refused like a linked file
            if _within((top, ""), start, stop):
                found.append((top, None))
        elif base.is_dir():
            try:
                handle = os.open(base, os.O_RDONLY | _FOLDER_FLAGS)
            except OSError:  # an unreadable folder is skipped, as rglob did
                continue
            try:
                whole = start is None and stop is None
                _walk(handle, top, found, with_stats, None if whole else partial(_place_within, top, start, stop))
            finally:
                os.close(handle)
    return found


def walk_split(root: Path, share: float) -> Place | None:
    """A place in the walk after about share of agreements/' folders, for discover_stats' start or stop;
    None when agreements/ is not a folder with names to split between."""
    base = root / "agreements"
    if base.is_symlink() or not base.is_dir():
        return None
    try:
        with os.scandir(base) as listing:
            names = sorted(entry.name for entry in listing if not entry.name.startswith("."))
    except OSError:
        return None
    if not names:
        return None
    return ("agreements", names[min(len(names) - 1, int(len(names) * share))])


def _within(place: Place, start: Place | None, stop: Place | None) -> bool:
    return (start is None or place >= start) and (stop is None or place < stop)


def _place_within(top: str, start: Place | None, stop: Place | None, name: str) -> bool:
    return _within((top, name), start, stop)


_FOLDER_FLAGS = getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _walk(folder: int, prefix: str, found: list, with_stats: bool, wanted: Callable[[str], bool] | None = None) -> None:
    """Regular files and links below an open folder, hidden names skipped, links not followed; of
    this folder's own names only those wanted (all below them).

    os.scandir knows each entry's type without a stat call; the stat of a regular file is taken
    relative to the folder's handle (os.lstat(name, dir_fd=...)).
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(
                (entry.name, entry)
                for entry in listing
                if not entry.name.startswith(".") and (wanted is None or wanted(entry.name))
            )
    except OSError:  # an unreadable folder is skipped, as rglob did
        return
    for name, entry in entries:
        relpath = f"{prefix}/{name}"
        try:
            if entry.is_symlink():
                found.append((relpath, None))
            elif entry.is_file(follow_symlinks=False):
                found.append((relpath, identity(os.lstat(name, dir_fd=folder)) if with_stats else None))
            elif entry.is_dir(follow_symlinks=False):
                inner = os.open(name, os.O_RDONLY | _FOLDER_FLAGS, dir_fd=folder)
                try:
                    _walk(inner, relpath, found, with_stats)
                finally:
                    os.close(inner)
        except OSError:  # gone or replaced meanwhile: listed without a stat, or skipped as unreadable
            if not entry.is_dir(follow_symlinks=False):
                found.append((relpath, None))


def identity(st: os.stat_result) -> Identity | None:
    """(inode, size, mtime, ctime) of a regular file of at most MAX_BYTES: what changes whenever its
    content does; None for anything else (links, big files: never kept in a cache)."""
    if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_BYTES:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def named_relpath(root: Path, path: Path) -> str | None:
    """A path named on the command line, repository-relative, without following links: a link named
    is then reported as any link found is (one problem, its target never read), and a path inside a
    linked folder stands for that folder's link. None for a path outside the registry."""
    lexical = Path(os.path.normpath(Path.cwd() / path))  # ".." folded by name, not through a link
    for candidate in (
        lexical,
        lexical.parent.resolve() / lexical.name,
    ):  # also when named through a link to the registry
        try:
            relpath = candidate.relative_to(root).as_posix()
        except ValueError:
            continue
        parts = relpath.split("/")
        for depth in range(1, len(parts)):
            if root.joinpath(*parts[:depth]).is_symlink():
                return "/".join(parts[:depth])
        return relpath
    return None


def decode(raw: bytes) -> str:
    """Text as every stage sees it: BOM dropped, invalid bytes replaced, line breaks normalised to \n.

    libyaml counts a lone CR as a line break; normalising keeps its line numbers, the privacy scan's
    and the lines reporters print in step.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return _one_break(raw.decode("utf-8", "replace"))


def _one_break(text: str) -> str:
    """Line breaks normalised to \n (most texts have no CR: nothing to replace, nothing copied)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def source_lines(root: Path, relpath: str) -> list[str]:
    """The lines of a record for display; nothing for links and oversized files, which are never shown."""
    file = root / relpath
    try:
        if file.is_symlink() or file.stat().st_size > MAX_BYTES:
            return []
        return decode(file.read_bytes()).split("\n")
    except OSError:
        return []


def _text_problems(relpath: str, text: str) -> tuple[list[Problem], bool]:
    """Problems in the raw text; the flag says whether the YAML parser can be trusted with it."""
    out = []
    fatal = False
    from site_builder.validation import yamlread  # here: finding and stat-ing files needs no YAML library

    for match in yamlread.INVISIBLE.finditer(text):
        ch = match.group()
        out.append(
            problem(relpath, "file-control-character", fixes.line_column(text, match.start()), char=f"U+{ord(ch):04X}")
        )
        fatal = fatal or bool(_FATAL_CONTROL.match(ch))
        if len(out) >= 20:
            break
    for match in _TAB.finditer(text):
        out.append(problem(relpath, "file-tab", fixes.line_column(text, match.start())))
        if len(out) >= 40:
            break
    return out, fatal


def _no_content(text: str) -> bool:
    """Whether the text holds nothing but blank lines and comments."""
    return not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def valid_stem(stem: str) -> bool:
    """Whether a file name without .yaml is a valid record id."""
    return bool(RECORD_ID.fullmatch(stem))


def _name_problem(relpath: str) -> Problem | None:
    name = relpath.rsplit("/", 1)[-1]
    stem, dot, ext = name.rpartition(".")
    if dot and ext == "yaml" and valid_stem(stem):
        return None
    if not (dot and ext in ("yaml", "yml")):  # a PDF or note dropped among the records: renaming it would not help
        return problem(relpath, "file-not-record", None, name=name)
    base = stem if dot else name
    suggestion = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-") or "rekaman"
    return problem(relpath, "file-name", None, name=name, suggestion=suggestion + ".yaml")


def read(root: Path, file: Path) -> SourceDocument:
    relpath = file.relative_to(root).as_posix()
    doc = SourceDocument(relpath, kind_of(relpath))
    if file.is_symlink():
        # A link can point outside the registry (a pull request adding agencies/x.yaml -> /etc/...):
        # its target is never read, so nothing of it can reach a public CI log.
        doc.problems.append(
            problem(
                relpath,
                "file-unreadable",
                None,
                reason_id="berkas ini tautan simbolik (symlink)",
                reason_en="the file is a symbolic link",
            )
        )
        return doc
    bad_name = _name_problem(relpath)
    if bad_name:
        doc.problems.append(bad_name)
        if bad_name.code == "file-not-record":
            return doc  # nothing more to read
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            doc.problems.append(problem(relpath, "file-too-large", None, size=size, limit=MAX_BYTES))
            return doc
        raw = file.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        doc.problems.append(problem(relpath, "file-unreadable", None, reason_id=reason, reason_en=reason))
        return doc
    return _read_bytes(doc, raw)


def read_judged(root: Path, relpath: str) -> tuple[SourceDocument, bytes | None, Identity | None]:
    """read(root, root / relpath), with the bytes it judged and the file's identity() taken before
    they were read: both None unless the file was read as a regular file. A cache may keep its
    verdict under those bytes only if the file's stat is still that identity after the reading
    (filecheck.check_file looks again once the file is judged, which covers the reading too: every
    change of a file's content changes its ctime, which nobody can set back).

    A regular file is opened once, without following a link, and its bytes are read once (read()
    looks the path up three times); anything else (a link, a file that cannot be opened or is too
    big, a name that is no record's) is read by read() itself, so every problem stays its own."""
    bad_name = _name_problem(relpath)
    if bad_name is None or bad_name.code != "file-not-record":
        opened = _regular_bytes(os.path.join(root, relpath))
        if opened is not None:
            raw, before = opened
            doc = SourceDocument(relpath, kind_of(relpath))
            if bad_name is not None:
                doc.problems.append(bad_name)
            return _read_bytes(doc, raw), raw, before
    return read(root, root / relpath), None, None


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def _regular_bytes(path: str) -> tuple[bytes, Identity] | None:
    """The bytes of a regular file of at most MAX_BYTES, with its identity() before reading; None for
    anything else, a link included (never followed)."""
    try:
        handle = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        before = identity(os.fstat(handle))
        if before is None:
            return None
        size = before[1]
        raw = os.read(handle, size + 1)  # one read when the file is as its stat says
        if len(raw) != size:  # it changed meanwhile (or the read was short): to the end, as any file
            chunks = [raw]
            while chunk := os.read(handle, MAX_BYTES + 1):
                chunks.append(chunk)
            raw = b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(handle)
    return raw, before


def _read_bytes(doc: SourceDocument, raw: bytes) -> SourceDocument:
    """The rest of read(): a file's bytes as a document (encoding, characters, YAML, kind)."""
    relpath = doc.path
    if raw.startswith(b"\xef\xbb\xbf"):
        doc.problems.append(problem(relpath, "file-bom", (1, 1)))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        doc.text = decode(raw)  # even when undecodable: the privacy scan still reads what it can
        before = decode(raw[: exc.start])
        doc.problems.append(
            problem(relpath, "file-encoding", fixes.line_column(before, len(before)), byte=f"0x{raw[exc.start]:02X}")
        )
        return doc
    # decode(raw), which drops a second BOM too, from the text decoded once
    text = _one_break(text[1:] if text.startswith("\ufeff") else text)
    doc.text = text

    # nearly every record: ASCII without a character _text_problems reports (one pass in C)
    clean = text.isascii() and not text.encode("ascii").translate(None, _ASCII_UNREMARKABLE)
    text_problems, fatal = ([], False) if clean else _text_problems(relpath, text)
    doc.problems += text_problems
    if fatal:
        return doc
    if _CONTENT_LINE.search(text) is None if clean else _no_content(text):
        doc.problems.append(problem(relpath, "file-empty", (1, 1)))
        return doc

    from site_builder.validation import yamlread

    parsed = yamlread.parse(text, positions=False)
    tab_lines = {p.line for p in text_problems if p.code == "file-tab"}
    for code, position, params in parsed.problems:
        if code == "yaml-syntax" and position and ({position[0], position[0] - 1} & tab_lines):
            continue  # the tab problem already names the cause, in plainer words
        fix = fixes.quote_scalar(text, position)[0] if code == "yaml-ambiguous-value" else ()
        doc.problems.append(problem(relpath, code, position, fix=fix, **params))
    doc.values, doc.keys, doc.rewritten = parsed.values, parsed.keys, parsed.rewritten
    if not parsed.positioned:  # found when a problem asks for one, by the same parser on the same text
        again = Reparse(partial(str, text))  # picklable, as the document read was before
        doc.values, doc.keys = (
            Positions(again, "values", parsed.some_values),
            Positions(again, "keys", parsed.some_keys),
        )
    if parsed.ok:
        doc.data = parsed.data
        if parsed.data is None:
            doc.problems.append(problem(relpath, "file-empty", (1, 1)))
        elif not isinstance(parsed.data, dict):
            found = ("daftar", "a list") if isinstance(parsed.data, list) else ("nilai tunggal", "a single value")
            doc.problems.append(problem(relpath, "yaml-not-mapping", (1, 1), found_id=found[0], found_en=found[1]))
        else:
            doc.parsed = True

    if doc.kind is None:
        guessed = guess_kind(doc.data)
        expected = KIND_FOLDERS.get(guessed or "", "agencies/ atau/or agreements/<lembaga>/")
        doc.problems.append(problem(relpath, "file-misplaced", (1, 1), expected=expected))
    elif doc.parsed:
        guessed = guess_kind(doc.data)
        if guessed and guessed != doc.kind:
            doc.problems.append(problem(relpath, "file-misplaced", (1, 1), expected=KIND_FOLDERS[guessed]))
            doc.kind = None
    return doc


class Reparse:
    """One parse of a text, run the first time a position is needed."""

    def __init__(self, text: Callable[[], str]):
        self.text = text
        self.parsed: yamlread.Parsed | None = None

    def get(self) -> yamlread.Parsed:
        if self.parsed is None:
            from site_builder.validation import yamlread

            self.parsed = yamlread.parse(self.text())
        return self.parsed


class Positions(Mapping):
    """SourceDocument.values or .keys, filled from the reparse on first use; whether there are any is
    known beforehand when the first parse said so (some), so asking costs no parse."""

    def __init__(self, source: Reparse, attribute: str, some: bool | None = None):
        self._source, self._attribute, self._some = source, attribute, some

    def _table(self) -> dict:
        return getattr(self._source.get(), self._attribute)

    def __getitem__(self, path):
        return self._table()[path]

    def __contains__(self, path) -> bool:
        return path in self._table()

    def __iter__(self) -> Iterator:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __bool__(self) -> bool:
        return self._some if self._some is not None else bool(self._table())
