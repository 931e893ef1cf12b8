"""The CPU time of rendering every record page (agreements, agencies, themes and their list pages) with
Jinja, as `pks build` renders them (render._render_later: the template, then split_page), nothing else.

    .venv/bin/python benchmarks/render_pages.py /work/gen/r1k [--runs 3] [--code DIR] [--digests FILE]

--code DIR: import site_builder from DIR instead (an older checkout, e.g. `git archive main site_builder
| tar -x -C DIR`), to compare old and new templates on the same records: alternate the two runs.
--digests FILE: write one line per page (path and a digest of its skeleton and HTML blocks), to compare
two versions' pages byte for byte (`diff` the two files).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import os
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("registry", type=Path)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--code", type=Path, help="a folder holding the site_builder package to measure")
    parser.add_argument("--digests", type=Path, help="write each page's digest here")
    args = parser.parse_args()
    if args.code:
        sys.path.insert(0, str(args.code.resolve()))
    import site_builder
    from site_builder import gitinfo, model
    from site_builder.site import engine, render
    from site_builder.validation import schemas, validate

    root = args.registry.resolve()
    as_of = dt.date(2025, 7, 1)
    report, shaped = validate.validate(root, as_of)
    if report.errors:
        raise SystemExit(f"{root}: the records have errors")
    registry = model.build(shaped, as_of, 90)
    history = gitinfo.read(root)
    links = engine.links(engine.load(root / "mkdocs.yml", Path("/tmp/unused-site")))
    documents = schemas.load(root / "schema").documents
    # every partner with a calendar, as a build that writes them has
    sizes = {f"data/ends-{agency_id}.ics": 1 for agency_id in registry.partner_ids()}
    pages = [
        page
        for page in render.plan_site(registry, history, links, documents, downloads=sizes)
        if render.record_page(page.path)
    ]
    gc.freeze()  # as engine.build_shared does before it renders: the model is left out of cycle collection
    print(f"{site_builder.__file__}: {len(pages)} record pages, load {os.getloadavg()[0]:.2f}", flush=True)
    for run in range(args.runs):
        env = render.make_environment(render.INDONESIAN, links)
        digests = []
        started = time.process_time()
        for page in pages:
            text = render.render([page], env)[page.path]
            skeleton, blocks = render.split_page(page.path, text)
            if args.digests:
                hashed = hashlib.blake2b(digest_size=16)
                for part in (skeleton, *blocks):
                    hashed.update(part.encode("utf-8") + b"\0")
                digests.append(f"{page.path} {hashed.hexdigest()}\n")
        seconds = time.process_time() - started
        print(f"run {run + 1}: {seconds:.2f} s CPU, load {os.getloadavg()[0]:.2f}", flush=True)
        if args.digests and run == 0:
            args.digests.write_text("".join(digests), encoding="utf-8")


if __name__ == "__main__":
    main()
