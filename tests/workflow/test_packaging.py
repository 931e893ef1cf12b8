"""The package as it is installed from a wheel (the published pre-commit hook installs it so): every
template and asset the site needs is inside, and the dependencies carry upper bounds."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_wheel_carries_every_template_and_asset(tmp_path):
    source = tmp_path / "source"  # a copy: building in the checkout would leave build/ and *.egg-info there
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "site_builder", source / "site_builder", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "-w", str(out), str(source)], check=True, capture_output=True)
    [wheel] = out.glob("*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    package = REPO / "site_builder"
    needed = {"site_builder/" + p.relative_to(package).as_posix() for p in package.rglob("*")
              if p.is_file() and "__pycache__" not in p.parts}
    assert any(name.endswith(".j2") for name in needed) and any("/assets/" in name for name in needed)
    assert sorted(needed - inside) == []


def test_runtime_dependencies_have_upper_bounds():
    """The published hook installs without our constraints file: a new major (or 0.x minor) release of
    a dependency must not reach it untested."""
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert dependencies
    assert [d for d in dependencies if not re.search(r"<\s*[0-9]", d)] == []


def test_every_pinned_package_is_pinned_exactly():
    lines = [line for line in (REPO / "requirements" / "constraints.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines and [line for line in lines if not re.fullmatch(r"[A-Za-z0-9._-]+==[^\s=<>]+", line)] == []
    assert (REPO / "scripts" / "lock").is_file()  # the command the file's header names
