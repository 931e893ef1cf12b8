"""Site search: a Pagefind index of the built pages, written into the site, served from the site.

Why Pagefind and not Material's lunr search (measured, see docs/teknis/kinerja.md): Pagefind
splits its index into chunks and a query fetches only the chunks of its words, so the bytes of a
first query stay about the same at 10,000 agreements, where lunr needs the whole index (tens of MB)
in the phone's memory. And Pagefind stems Indonesian (Snowball) when the page says lang="id":
"latihan" finds "pelatihan", "sehat" finds "kesehatan"; lunr falls back to English.

Which pages are indexed: those whose <article> site.py marks with data-pagefind-body (every page
but the later pages of long lists). Each agreement page carries its partners and its status input
as Pagefind metadata, so a result shows the partner and the status recomputed for today.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from site_builder.errors import PksError

OUTPUT = "pagefind"
# What a search needs at run time; the UI kits Pagefind also writes are not used by our search page.
USED = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
# Never indexed as words: a status as of the build day (a result shows today's status from the page's
# status meta instead; an old build's excerpt would otherwise say "Berlaku" next to "Berakhir"), and
# the heading anchors' pilcrows.
EXCLUDED = (".pks-status", ".headerlink")


class SearchIndexError(PksError):
    """Pagefind is missing or failed; the message says which."""


def _executable() -> Path:
    try:
        import pagefind_bin  # the binary as a wheel (requirements/constraints.txt pins it)
    except ImportError as error:
        raise SearchIndexError("pagefind_bin is not installed (pip install -e .)") from error
    try:
        return pagefind_bin.get_executable()
    except FileNotFoundError as error:
        raise SearchIndexError(f"the Pagefind binary is missing: {error}") from error


def index(site_dir: Path) -> Path:
    """Indexes site_dir's pages into site_dir/pagefind/ and removes the files no page uses."""
    excluded = [flag for selector in EXCLUDED for flag in ("--exclude-selectors", selector)]
    result = subprocess.run(
        [str(_executable()), "--site", str(site_dir), "--output-subdir", OUTPUT, "--quiet", *excluded],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({result.returncode}): {(result.stderr or result.stdout).strip()}")
    folder = site_dir / OUTPUT
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    wasm = {f"wasm.{language['wasm']}.pagefind" for language in entry["languages"].values() if language.get("wasm")}
    for path in folder.iterdir():
        if path.is_file() and path.name not in USED and path.name not in wasm and not path.name.endswith(".pf_meta"):
            path.unlink()
    return folder
