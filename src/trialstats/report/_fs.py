"""Safe output: atomic files and folders that never replace what they should not.

A report folder is built beside its destination under a temporary name and renamed into
place only when complete, so a killed run leaves the previous complete report or none. A
destination that is a symlink, FIFO or device is written through (files) or refused
(folders), never replaced by the rename.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

__all__ = [
    "REPORT_MARKER",
    "OutputPathError",
    "atomic_write_text",
    "check_out_dir",
    "check_out_file",
    "new_build_dir",
    "replace_dir",
]

# A folder holding this file was written by `trialstats report` and may be replaced by a new one.
REPORT_MARKER = ".trialstats-report"


class OutputPathError(ValueError):
    """An output path that cannot be written: one line on stderr, exit code 2."""


def _parent_problem(path: Path) -> str | None:
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                return f"{parent} is not a folder"
            if not os.access(parent, os.W_OK | os.X_OK):
                return f"folder {parent} is not writable"
            return None
    return None


def _is_virtual(path: Path) -> bool:
    resolved = path.resolve()
    return any(str(resolved) == p or str(resolved).startswith(p + "/") for p in ("/proc", "/sys", "/dev"))


def check_out_file(path: Path, option: str = "--out") -> None:
    """Refuse a file destination that cannot be written, with a one-line reason."""
    path = Path(path)
    if path.is_dir():
        raise OutputPathError(f"{option} {path}: is a folder; give a file name")
    problem = _parent_problem(path)
    if problem:
        raise OutputPathError(f"{option} {path}: {problem}")
    if _is_virtual(path) and not path.exists():
        raise OutputPathError(f"{option} {path}: cannot create files under /proc, /sys or /dev")


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename.

    When ``path`` is a symlink, a FIFO, a device or another special file, the text is written
    through it (opened for writing) and nothing is renamed over it: the rename would replace
    the link or the device node itself.
    """
    path = Path(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        st = None
    except NotADirectoryError as exc:
        raise OutputPathError(f"{path}: a parent is not a folder") from exc
    if st is not None and not stat.S_ISREG(st.st_mode):
        if stat.S_ISDIR(st.st_mode):
            raise OutputPathError(f"{path}: is a folder; give a file name")
        # symlink, FIFO, character/block device: write through, never replace
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:
        raise OutputPathError(f"{path}: a parent is not a folder") from exc
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        # mkstemp creates the file readable by its owner only; a report is meant to be shared.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_out_dir(path: Path, option: str = "--out") -> None:
    """Refuse a report folder destination that must not be replaced, with a one-line reason.

    Allowed: a path that does not exist (under a writable folder), an empty folder, or a
    folder holding a previous report (it carries :data:`REPORT_MARKER`).
    """
    path = Path(path)
    if _is_virtual(path):
        raise OutputPathError(f"{option} {path}: cannot write a report under /proc, /sys or /dev")
    if path.is_symlink():
        raise OutputPathError(f"{option} {path}: is a symlink; give the folder it points to")
    if path.exists():
        if not path.is_dir():
            raise OutputPathError(f"{option} {path}: exists and is not a folder")
        earlier = (path / REPORT_MARKER).is_file() or all(
            (path / n).is_file() for n in ("index.html", "claims.json"))  # written before the marker existed
        if any(path.iterdir()) and not earlier:
            raise OutputPathError(
                f"{option} {path}: folder exists and does not hold a trialstats report; "
                "give a new or empty folder"
            )
    problem = _parent_problem(path)
    if problem:
        raise OutputPathError(f"{option} {path}: {problem}")


def new_build_dir(dest: Path) -> Path:
    """A fresh temporary folder beside ``dest`` (same file system, so the rename is atomic)."""
    dest = Path(dest).absolute()
    dest.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(dest)
    return Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.building-{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale(dest: Path) -> None:
    """Remove build and old-report folders left by killed runs (their process is gone)."""
    for p in dest.parent.glob(f".{dest.name}.building-*-*"):
        pid = p.name.rsplit(".building-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(p, ignore_errors=True)
    for p in sorted(dest.parent.glob(f".{dest.name}.old-*")):
        if not (p / REPORT_MARKER).is_file():
            continue
        if not dest.exists():
            # killed between moving the old report aside and moving the new one in: restore it
            os.replace(p, dest)
        else:
            shutil.rmtree(p, ignore_errors=True)


def replace_dir(build: Path, dest: Path) -> None:
    """Move the complete ``build`` folder to ``dest``; the old ``dest`` is removed after.

    The old report is first renamed aside, then the new one renamed into place: at every
    instant ``dest`` is either the old complete report, absent, or the new complete one.
    """
    dest = Path(dest).absolute()
    (build / REPORT_MARKER).write_text("written by trialstats report\n", encoding="utf-8")
    os.chmod(build, 0o755)
    old = None
    if dest.exists():
        old = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.old-"))
        os.rmdir(old)
        os.replace(dest, old)
    try:
        os.replace(build, dest)
    except BaseException:
        if old is not None and not dest.exists():
            os.replace(old, dest)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
