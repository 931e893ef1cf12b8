#!/usr/bin/env bash
# The national-scale benchmark from a fresh clone, in one command (about 15 minutes at 10,000):
#   benchmarks/run.sh [--sizes 1000,10000] [--skip-build] [--skip-check-jsonschema] [--json FILE]
# It installs the project (scripts/setup) and, in a separate environment, the pinned check-jsonschema
# it is compared with; then benchmarks/run.py generates the registries and prints every figure.
set -euo pipefail
cd "$(dirname "$0")/.."
PKS_SETUP_ONLY=1 ./scripts/setup
if [ ! -x benchmarks/.venv-cjs/bin/check-jsonschema ]; then
  "${PYTHON:-python3}" -m venv benchmarks/.venv-cjs
  benchmarks/.venv-cjs/bin/python -m pip install --quiet --disable-pip-version-check -r benchmarks/requirements-compare.txt \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
fi
exec .venv/bin/python benchmarks/run.py "$@"
