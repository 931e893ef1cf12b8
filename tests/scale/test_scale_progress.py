"""Long runs count files on a terminal, and say nothing in CI or when their output is piped."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

from site_builder.validation.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_counter_on_a_terminal_is_erased_at_the_end(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    screen = Terminal()
    progress = Progress("Memeriksa berkas", 3, stream=screen)
    for _ in range(3):
        progress.advance()
    progress.finish()
    assert "\rMemeriksa berkas 3/3" in screen.getvalue()
    assert screen.getvalue().endswith("\r\x1b[K")


def test_quiet_in_ci_and_when_piped(monkeypatch):
    monkeypatch.setenv("CI", "true")
    screen = Terminal()
    Progress("x", 2, stream=screen).advance(2)
    assert screen.getvalue() == ""
    monkeypatch.delenv("CI")
    piped = io.StringIO()
    progress = Progress("x", 2, stream=piped)
    progress.advance(2)
    progress.finish()
    assert piped.getvalue() == ""


def _validate(root, stderr, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", "validate", "--root", str(root)], stdout=subprocess.PIPE,
                          stderr=stderr, env=env, timeout=120)


def test_pks_validate_counts_files_on_a_terminal_only(generated):
    env = {**{k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}, "PKS_CACHE": "0"}  # leave the fixture as it is
    controller, terminal = pty.openpty()
    try:
        result = _validate(generated, terminal, env)
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's other end is closed: all of it was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert result.returncode == 0
    assert b"Memeriksa berkas / checking files" in shown and shown.endswith(b"\r\x1b[K")
    assert b"Memeriksa" not in result.stdout  # the report stays clean

    piped = _validate(generated, subprocess.PIPE, env)
    in_ci = _validate(generated, subprocess.PIPE, {**env, "CI": "true"})
    assert piped.returncode == in_ci.returncode == 0
    assert piped.stderr == in_ci.stderr == b""
