"""The README's commands, run as written, and what the command line says when the disk
fails it: one line naming the path and the cause, exit 1, the earlier output whole.

The README's export commands run in a fresh folder (they write ``site`` there) with this
checkout's package and interpreter; ``.venv/bin/python`` is the interpreter running
these tests. A full or read-only disk is a small tmpfs this test mounts (CI runs as
root, where folder permissions would not stop a write); where mounting is not allowed
those tests are skipped and say why.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explainers.paths import ROOT

README = ROOT / "README.md"
PNG = b"\x89PNG\r\n\x1a\n"


def readme_section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def readme_commands(title: str) -> list[str]:
    """The shell lines of a README section's ``sh`` blocks, comments cut."""
    blocks = re.findall(r"```sh\n(.*?)```", readme_section(title), flags=re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def run_as_written(line: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    argv = shlex.split(line)
    assert argv[0] == ".venv/bin/python", f"README command not run by the venv: {line}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, *argv[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG, f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_the_readme_documents_both_export_commands():
    commands = readme_commands("Static export")
    assert commands == [
        ".venv/bin/python -m explainers export --out site",
        ".venv/bin/python -m explainers export --out site --no-previews",
    ]


@pytest.mark.browser
def test_the_readme_export_commands_run_as_written(tmp_path):
    """Defaults included: with previews (a picture of each page's map), then without."""
    with_previews, without = readme_commands("Static export")
    done = run_as_written(with_previews, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "warning" not in done.stderr
    site = tmp_path / "site"
    pages = sorted(site.glob("*/*.html"))
    assert len(pages) >= 17
    for page in pages:
        preview = page.parent / "previews" / f"{page.stem}.png"
        assert png_size(preview) == (1200, 630)
        # A drawn map, not a blank page: the picture holds many colours.
        assert preview.stat().st_size > 40_000, f"{preview} looks blank"
        assert f'content="previews/{page.stem}.png"' in page.read_text(encoding="utf-8")

    done = run_as_written(without, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not list(site.glob("*/previews"))
    assert len(sorted(site.glob("*/*.html"))) == len(pages)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site.")]


def test_a_preview_that_fails_is_named_and_the_page_published_without_it(tmp_path, monkeypatch):
    from explainers import export

    monkeypatch.setattr("explainers.browser.CHROMIUM", str(tmp_path / "no-chromium"))
    summary = export.export_site(tmp_path / "site", progress=False, compressed=False)
    assert len(summary.missed) == len(summary.pages)
    assert "Chromium could not start" in str(summary.missed[0])
    page = tmp_path / "site" / summary.pages[0].path
    assert "og:image" not in page.read_text(encoding="utf-8")


def test_the_command_line_warns_of_a_missed_preview_and_exits_0(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CHROMIUM_PATH": str(tmp_path / "none")}
    done = subprocess.run(
        [sys.executable, "-m", "explainers", "export", "--out", str(tmp_path / "site")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0
    warnings = [line for line in done.stderr.splitlines() if line.startswith("export: warning:")]
    assert len(warnings) >= 17
    assert "no preview for bri-forum-2017/index.html (Chromium could not start" in warnings[0]
    assert "Traceback" not in done.stderr


def test_the_readme_export_runs_where_only_the_apps_packages_are(tmp_path):
    """`make run` installs requirements.txt, which has no Playwright: the export as the
    README writes it still writes every page, and says how to get the previews."""
    shadow = tmp_path / "shadow" / "playwright"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError(\"No module named 'playwright'\")\n")
    env = {**os.environ, "PYTHONPATH": f"{shadow.parent}{os.pathsep}{ROOT}"}
    with_previews, _without = readme_commands("Static export")
    done = subprocess.run(
        [sys.executable, *with_previews.split()[1:]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert len(sorted((tmp_path / "site").glob("*/*.html"))) >= 17
    warnings = [line for line in done.stderr.splitlines() if line.startswith("export: warning:")]
    assert warnings and "Playwright is not installed; `make setup-test` installs it" in warnings[0]


# ---------------------------------------------------------------- a disk that fails


@pytest.fixture
def small_disk(tmp_path):
    """A 9 MB tmpfs: room for one export without previews (5.8 MB), not two."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=9m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def export_to(out: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "explainers", "export", "--out", str(out), "--no-previews"]
    return subprocess.run([*command, *extra], env=env, capture_output=True, text=True, timeout=300)


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_full_disk_is_one_line_exit_1_and_the_earlier_export_stays_whole(small_disk):
    site = small_disk / "site"
    assert export_to(site).returncode == 0
    before = files_of(site)
    done = export_to(site)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("export: ") and "No space left on device" in last
    assert "free some space" in last and "earlier export there is unchanged" in last
    assert "Traceback" not in done.stderr
    assert files_of(site) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["site"]  # no half-written folder


def test_a_read_only_folder_is_one_line_exit_1(small_disk):
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    done = export_to(small_disk / "site")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"export: {small_disk / 'site'}: Read-only file system; the disk there is read-only: "
        "choose another folder; an earlier export there is unchanged"
    ]


def test_a_killed_export_leaves_nothing_the_next_one_keeps(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = tmp_path / "site"
    command = [sys.executable, "-m", "explainers", "export", "--out", str(out), "--no-previews"]
    running = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".site.new-*/assets")) and time.monotonic() < deadline:
        time.sleep(0.05)
    running.send_signal(signal.SIGKILL)
    running.wait()
    assert list(tmp_path.glob(".site.new-*")), "the export was not killed mid-way"
    assert export_to(out).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
