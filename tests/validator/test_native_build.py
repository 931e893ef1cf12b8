"""scripts/build-native builds the C reader from the three reviewed files of native/ only: anything else
a pull request puts there (a ready-made module under build/, a .pth that Python runs at start) never
reaches the environment, however setuptools would treat it."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from native_support import require_native

REPO = Path(__file__).resolve().parents[2]
PLANTED_MODULE = b"PLANTED: not built from pks_yamlc.c"


def test_only_the_reviewed_sources_are_built_and_installed(tmp_path):
    require_native()  # a C compiler and libyaml's headers are here (in CI they must be)
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy2(REPO / "scripts" / "build-native", checkout / "scripts")
    shutil.copytree(REPO / "native", checkout / "native", ignore=shutil.ignore_patterns("build", "*.egg-info"))
    built = (
        checkout
        / "native"
        / "build"
        / f"lib.{sysconfig.get_platform()}-cpython-{sys.version_info[0]}{sys.version_info[1]}"
    )
    built.mkdir(parents=True)
    (built / f"pks_yamlc{sysconfig.get_config_var('EXT_SUFFIX')}").write_bytes(PLANTED_MODULE)
    (built / "planted.pth").write_text("import sys; sys.exit('planted .pth ran')\n", encoding="utf-8")
    environment = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(environment)], check=True)
    python = environment / "bin" / "python"
    run = subprocess.run([str(checkout / "scripts" / "build-native"), str(python)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    packages = Path(
        subprocess.run(
            [str(python), "-c", "import site; print(site.getsitepackages()[0])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    assert not list(packages.rglob("planted.pth"))
    modules = list(packages.glob("pks_yamlc*.so"))
    assert len(modules) == 1 and modules[0].read_bytes() != PLANTED_MODULE
    compiled_in = subprocess.run(
        [str(python), "-c", "import pks_yamlc; print(pks_yamlc.SOURCE_SHA256)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert compiled_in == hashlib.sha256((REPO / "native" / "pks_yamlc.c").read_bytes()).hexdigest()
