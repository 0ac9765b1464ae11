"""What the zizmor and hadolint adapters share: a private copy of the files a tool may read,
and careful reading of the JSON the tool prints (hostile: the repository controls what the
tool sees, and a wrapper on PATH can print anything).

The copy (``copy_inputs``) holds only files of the safe list, as regular files, each at
most ``MAX_INPUT_BYTES``: the tool never sees the repository itself, so none of its
configuration (``zizmor.yml``, ``.hadolint.yaml``, ``.gitignore``...) is found beside the
files, a link cannot lead it out of the root, and a file changed after the safe list was
built is read once, by us, within a bound. What was not copied is a not-assessed item, with
the reason, never silently absent.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from shiftleft.model import ScanTarget

#: a workflow, action or Dockerfile larger than this is not given to the tool (GitHub's own
#: limit for a workflow file is far below; a Dockerfile of a megabyte is generated or hostile)
MAX_INPUT_BYTES = 1024 * 1024
#: characters of tool text (messages, descriptions) kept per field
MAX_TEXT = 2000


@dataclass
class Copied:
    """The private copy: ``files`` (relative paths of the target) now under ``root``, and
    the files of the selection that were not copied, as not-assessed items."""

    root: Path
    files: list[str] = field(default_factory=list)
    not_assessed: list[dict[str, str]] = field(default_factory=list)
    _known: set[str] = field(default_factory=set, repr=False)

    def add(self, path: str) -> None:
        self.files.append(path)
        self._known.add(path)

    def relative(self, reported: str) -> str | None:
        """The target path of a path the tool reports (absolute under ``root``, or relative
        to it), or None when it is not one of the copied files (the tool's output is
        hostile: it may name anything)."""
        text = reported.removeprefix("file://")
        for prefix in (str(self.root) + "/", str(self.root.resolve()) + "/"):
            if text.startswith(prefix):
                text = text[len(prefix) :]
                break
        while text.startswith("./"):
            text = text[2:]
        return text if text in self._known else None


def _safe_relative(path: str) -> PurePosixPath | None:
    rel = PurePosixPath(path)
    if not path or rel.is_absolute() or ".." in rel.parts or not rel.parts:
        return None
    return rel


def _read_capped(path: Path, root: Path, max_bytes: int) -> bytes | str:
    """The bytes of ``path``, or why not (a sentence): not a regular file inside ``root``,
    larger than ``max_bytes``, unreadable."""
    try:
        real = path.resolve(strict=True)
        real.relative_to(root)
    except (OSError, RuntimeError, ValueError):
        return "not a file inside the scan root when it was read: not assessed"
    try:
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return f"unreadable ({exc.strerror}): not assessed"
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return "not a regular file when it was read: not assessed"
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        return f"larger than {max_bytes // 1024} KiB: not given to the tool, not assessed"
    return data


def copy_inputs(target: ScanTarget, files: Iterable[str], dest: Path, max_bytes: int = MAX_INPUT_BYTES) -> Copied:
    """Copy ``files`` (relative, from the safe list) into ``dest`` as regular files, each read
    once through a size cap; what could not be copied is listed with its reason."""
    dest = dest.resolve()
    dest.mkdir(parents=True, exist_ok=True)
    root = target.root.resolve()
    copied = Copied(dest)
    for path in files:
        rel = _safe_relative(path)
        if rel is None:
            copied.not_assessed.append({"subject": path, "reason": "not a relative path inside the root: not assessed"})
            continue
        data = _read_capped(root.joinpath(*rel.parts), root, max_bytes)
        if isinstance(data, str):
            copied.not_assessed.append({"subject": path, "reason": data})
            continue
        out = dest.joinpath(*rel.parts)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
        except OSError as exc:
            reason = f"could not be copied ({exc.strerror}): not assessed"
            copied.not_assessed.append({"subject": path, "reason": reason})
            continue
        copied.add(path)
    return copied


def text(value: Any, limit: int = MAX_TEXT) -> str:
    """A tool's text field as a bounded string ("" for anything that is not a string)."""
    return value[:limit] if isinstance(value, str) else ""


def whole(value: Any, low: int = 0, high: int = 10_000_000) -> int | None:
    """A tool's integer field, or None when it is not an integer in ``[low, high]``."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return None
    return value


def digest(*parts: str) -> str:
    """A stable 32-hex-digit identity of a finding from its parts (for partialFingerprints)."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "replace")).hexdigest()[:32]
