"""The native YAML reader (native/pks_yamlc.c) under valgrind's memcheck, or built with
AddressSanitizer and UndefinedBehaviorSanitizer, on the differential corpus.

    .venv/bin/python tests/fuzz/memcheck_native.py [--mutations N] [--asan]

Reads every case file, the test registry's records, a generated registry, the hostile texts of
tests/validator/test_yamlread_native.py and N deterministic mutations of the test registry's
records with the native reader, with and without positions, holding each result to the Python node
reader's, all inside `valgrind --tool=memcheck` (PYTHONMALLOC=malloc, so that every Python object
is a malloc block valgrind can see). Fails (exit 1) on any memcheck error (invalid read or write,
use of uninitialised memory, invalid free) or on a block definitely lost with pks_yamlc on its
stack, and on any difference between the readers. Slow (minutes): not part of the test suite.
Needs valgrind (Debian: valgrind) and the native reader installed (./scripts/setup).
With --asan, the C source is compiled here with -fsanitize=address,undefined (gcc, libyaml-dev)
and that build reads the corpus instead, in a Python with the ASan runtime preloaded; any overrun,
use after free, double free or undefined behaviour stops it (exit 1). Seconds, not minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
for folder in (TESTS, TESTS / "validator", TESTS / "fuzz", REPO / "benchmarks"):
    sys.path.insert(0, str(folder))


# CPython 3.11 builds the int 0 (int("0"), a .pyc header) reading a digit it never wrote
# (maybe_small_long); the result is right, but memcheck marks the pointer to the shared 0 as
# uninitialised, and every later use of that 0 anywhere, in our frames too, is reported. So the
# checks of uninitialised values are off by default: invalid reads and writes (an overrun, an object
# used after a missing reference freed it), invalid and double frees, and leaks are what this
# run checks. --undefined turns them on, with the origin of each (expect the int 0 of CPython).
UNDEFINED = ["--undef-value-errors=no"]


def corpus(mutations: int, scratch: Path) -> list[str]:
    import generate
    from registry_fixture import record_files
    from test_fuzz_yamlread import PLAIN, TOKENS
    from test_yamlread_native import CASES, HOSTILE, texts_of

    texts = list(HOSTILE)
    texts += texts_of(sorted(CASES.rglob("*.yaml")))
    generate.generate(20, scratch / "generated", seed=5)
    texts += texts_of(sorted((scratch / "generated").rglob("*.yaml")))
    records = [data.decode("utf-8") for data in record_files().values()]
    texts += records
    pieces = TOKENS + [f": {value}\n" for value in PLAIN]
    chance = random.Random(12)
    for _ in range(mutations):
        text = chance.choice(records)
        for _ in range(chance.randint(1, 4)):
            at = chance.randint(0, len(text))
            text = text[:at] + chance.choice(pieces) + text[at + chance.randint(0, 3) :]
        texts.append(text)
    return texts


def inside(corpus_file: Path) -> int:
    """The corpus read under valgrind: native against Python, every text, both ways. The texts come
    from a file the outer process wrote, so that nothing but yamlread and the reader runs here."""
    import native_support
    from native_support import assert_native_reads_as_python

    build = os.environ.get("PKS_NATIVE_BUILD")
    if build:  # the sanitizer build, in place of the installed one
        from site_builder.validation import yamlread

        spec = importlib.util.spec_from_file_location("pks_yamlc", build)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.configure(yamlread._plain_scalar, yamlread.INVISIBLE.search, yamlread.MAX_DEPTH)
        native_support.NATIVE = module
    texts = json.loads(corpus_file.read_text(encoding="utf-8"))
    read = sum(assert_native_reads_as_python(text) for text in texts)
    print(f"{len(texts)} texts, {read} read by the node readers, the rest handed to the event reader: all alike")
    return 0


def sanitized(corpus_file: Path, scratch: Path) -> int:
    """Compile pks_yamlc.c with ASan and UBSan into scratch, then read the corpus with that build."""
    from site_builder.validation import yamlread

    source = yamlread.NATIVE_SOURCE
    build = scratch / f"pks_yamlc{sysconfig.get_config_var('EXT_SUFFIX')}"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    subprocess.run(
        ["gcc", "-O1", "-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer",
         "-shared", "-fPIC", f"-I{sysconfig.get_paths()['include']}", f'-DPKS_SOURCE_SHA256="{digest}"', str(source),
         "-lyaml", "-o", str(build)],
        check=True,
    )
    runtime = subprocess.run(["gcc", "-print-file-name=libasan.so"], capture_output=True, text=True, check=True).stdout
    env = dict(os.environ, LD_PRELOAD=runtime.strip(), ASAN_OPTIONS="detect_leaks=0", PKS_NATIVE_BUILD=str(build),
               UBSAN_OPTIONS="print_stacktrace=1")
    status = subprocess.run([sys.executable, __file__, "--inside", str(corpus_file)], env=env, check=False).returncode
    print(f"AddressSanitizer and UndefinedBehaviorSanitizer: {'clean' if status == 0 else f'FAILED (exit {status})'}")
    return 0 if status == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutations", type=int, default=400)
    parser.add_argument("--asan", action="store_true", help="a build with AddressSanitizer instead of valgrind")
    parser.add_argument("--undefined", action="store_true", help="also report uninitialised values, with their origins")
    parser.add_argument("--inside", type=Path, help=argparse.SUPPRESS)  # the corpus file, under valgrind
    args = parser.parse_args()
    if args.inside:
        return inside(args.inside)
    if args.undefined:
        UNDEFINED[:] = ["--undef-value-errors=yes", "--track-origins=yes"]
    scratch = Path(tempfile.mkdtemp(prefix="memcheck-"))
    texts = corpus(args.mutations, scratch)
    corpus_file = scratch / "corpus.json"
    corpus_file.write_text(json.dumps(texts), encoding="utf-8")
    if args.asan:
        return sanitized(corpus_file, scratch)
    log = scratch / "memcheck.log"
    command = [
        "valgrind", "--tool=memcheck", "--error-exitcode=97", "--leak-check=full", "--show-leak-kinds=definite",
        "--errors-for-leak-kinds=none", "--num-callers=30", f"--log-file={log}", *UNDEFINED,
        sys.executable, __file__, "--inside", str(corpus_file),
    ]
    # No compiled bytecode is read: CPython 3.11 reads a .pyc header with int.from_bytes, whose zero
    # result valgrind sees as uninitialised (a false alarm that then spreads through the interpreter).
    env = dict(os.environ, PYTHONMALLOC="malloc", PKS_NATIVE_YAML="1", PYTHONDONTWRITEBYTECODE="1",
               PYTHONPYCACHEPREFIX=str(scratch / "no-bytecode"))
    status = subprocess.run(command, env=env, check=False).returncode
    report = log.read_text(encoding="utf-8", errors="replace")
    summary = re.search(r"ERROR SUMMARY: (\d+) errors", report)
    errors = int(summary.group(1)) if summary else -1
    ours = [block for block in report.split("\n==") if "definitely lost" in block and "pks_yamlc" in block]
    print(f"memcheck: {errors} errors, {len(ours)} blocks definitely lost from pks_yamlc (log: {log})")
    if "pks_yamlc" not in report and errors:
        print("(the errors are not in pks_yamlc's frames; see the log)")
    return 0 if status == 0 and errors == 0 and not ours else 1


if __name__ == "__main__":
    sys.exit(main())
