"""Which files of the safe list semgrep is not given: the project's ``.semgrepignore`` (or,
when it has none, semgrep's own default ignores), minified JavaScript, and TypeScript
declaration files.

semgrep is given an explicit file list (so that no repository config can widen what it
reads, docs/tool-configs.md), and explicit targets bypass its ignore rules; shiftleft
applies them itself, before building that list:

- the root ``.semgrepignore`` when it is on the safe file list, with gitignore syntax
  (patterns with a ``/`` anchored at the root, others matching a name at any depth, a
  trailing ``/`` for directories, ``!`` to keep a file again, ``\\`` escapes) and
  semgrep's ``:include FILE`` — only of a file on the safe list (never outside the root),
  at most ``MAX_INCLUDE_DEPTH`` deep. Like semgrep, a project ``.semgrepignore`` replaces
  the defaults. It can only NARROW the list: a pattern never adds a file. Matching is
  ``shiftleft.globs`` (linear time: no regex a pattern could make backtrack); ``[...]``
  classes are not supported and match literally (the file is then scanned, the safe side);
- otherwise ``DEFAULT_IGNORES``, the patterns semgrep 1.182 applies when a project has no
  ``.semgrepignore`` (vendored and build output, package-manager folders, test folders);
- always: minified JavaScript (``*.min.js`` by name, or a line longer than
  ``MINIFIED_LINE_BYTES`` in its first ``MINIFIED_SNIFF_BYTES``);
- always: TypeScript declaration files (``*.d.ts``, ``*.d.mts``, ``*.d.cts``). They hold
  types only (no statements, calls or function bodies, so no rule of the pack can match in
  them), yet a package ships one beside every compiled module and parsing them was ~40% of
  semgrep's time on an npm package (typeorm: ~1,000 of 2,000 files; benchmarks/semgrep_pack.py).
  A literal a declaration might hold (``declare const KEY = "..."``) is still read by the
  secrets scanner, which is given every file.

Every file left out is returned as a ``SkippedFile`` with its reason, and the semgrep
run lists it: a ``.semgrepignore`` that ignores everything reads as N skipped files, never
as a clean scan. Bounds: the ignore file (and each include) at most ``MAX_IGNORE_BYTES``,
at most ``MAX_PATTERNS`` patterns of at most ``MAX_PATTERN_CHARS`` each; beyond a bound the
rest is not honoured (files are scanned) and a note says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from shiftleft import globs
from shiftleft.model import ScanTarget, SkippedFile
from shiftleft.paths import read_plain_file

IGNORE_FILE = ".semgrepignore"
#: semgrep 1.182's built-in patterns for a project without a .semgrepignore (its
#: ``Semgrepignore`` default list; VCS folders are never on the safe list anyway)
DEFAULT_IGNORES = (
    ".git", ".svn", "_darcs",
    "build/", "vendor/", "dist/", "*.min.js", ".env/", ".tox/",
    "node_modules/", ".npm/", ".yarn/", ".venv/", "_opam/", "_build/", "_cargo/",
    "test/", "tests/", "testsuite/", "*_test.go",
)  # fmt: skip
MAX_IGNORE_BYTES = 64 * 1024
MAX_PATTERNS = 1000
MAX_PATTERN_CHARS = 1024
MAX_INCLUDE_DEPTH = 3
#: wildcard-matching steps allowed for a whole target (linear matching, but patterns x
#: files x path length can still be large): past it, wildcard patterns match nothing
MATCH_BUDGET = 500_000
MINIFIED_SUFFIXES = (".js", ".mjs", ".cjs")
MINIFIED_LINE_BYTES = 4096
MINIFIED_SNIFF_BYTES = 256 * 1024
DECLARATION_SUFFIXES = (".d.ts", ".d.mts", ".d.cts")
DECLARATION_REASON = "TypeScript declaration file: types only, no code semgrep's rules analyse"
_WILD = frozenset("*?")


@dataclass(frozen=True)
class _Pattern:
    text: str
    negated: bool
    anchored: bool
    dir_only: bool
    source: str

    def matches(self, parts: tuple[str, ...], budget: list[int]) -> bool:
        """Whether it matches the file of ``parts`` or one of the directories it is in."""
        last = len(parts) - 1
        if self.anchored:
            return any(
                _match(self.text, "/".join(parts[: i + 1]), budget)
                for i in range(len(parts))
                if i < last or not self.dir_only
            )
        return any(_match(self.text, part, budget) for i, part in enumerate(parts) if i < last or not self.dir_only)


def _match(pattern: str, text: str, budget: list[int]) -> bool:
    if not _WILD & set(pattern):
        return pattern == text
    if pattern.startswith("*") and not _WILD & set(pattern[1:]) and "/" not in pattern:
        return text.endswith(pattern[1:]) and "/" not in text
    head, tail = _literal_ends(pattern)
    if not (text.startswith(head) and text.endswith(tail)) or len(text) < len(head) + len(tail):
        return False  # most candidates end here, without stepping the matcher
    return globs.match(pattern, text, path=True, budget=budget)


def _literal_ends(pattern: str) -> tuple[str, str]:
    """The literal text before the first and after the last wildcard."""
    first = min(pattern.index(c) for c in _WILD if c in pattern)
    last = max(pattern.rindex(c) for c in _WILD if c in pattern)
    return pattern[:first], pattern[last + 1 :]


@dataclass
class Ignores:
    """The ignore rules of one target, and notes about what could not be honoured."""

    patterns: list[_Pattern]
    origin: str
    notes: list[str]
    #: matching states left for the whole target (``shiftleft.globs``)
    budget: list[int] = field(default_factory=lambda: [MATCH_BUDGET])

    def reason(self, path: str) -> str | None:
        parts = PurePosixPath(path).parts
        hit: _Pattern | None = None
        for pattern in self.patterns:  # gitignore: the last pattern that matches decides
            if pattern.negated == (hit is not None) and pattern.matches(parts, self.budget):
                hit = None if pattern.negated else pattern
        if self.budget[0] < 0:
            if self.budget[0] > -(10**9):  # once
                self.notes.append(f"{self.origin}: its patterns took too long to match: from here on, files "
                                  "are not matched against its wildcard patterns (they are scanned)")  # fmt: skip
            self.budget[0] = -(10**9)
        if hit is None:
            return None
        return f"ignored by {hit.source} pattern {hit.text!r}" if hit.source != "default" else (
            f"ignored by semgrep's default ignores ({hit.text!r})"
        )  # fmt: skip


def load(target: ScanTarget) -> Ignores:
    """The project's ``.semgrepignore`` when it has one on the safe list, else the defaults."""
    if IGNORE_FILE not in set(target.files):
        return Ignores([_parse(p, "default") for p in DEFAULT_IGNORES], "default", [])
    notes: list[str] = []
    patterns: list[_Pattern] = []
    _read(target, IGNORE_FILE, patterns, notes, depth=0, seen=set())
    return Ignores(patterns, IGNORE_FILE, notes)


def _read(target: ScanTarget, name: str, out: list[_Pattern], notes: list[str], depth: int, seen: set[str]) -> None:
    seen.add(name)
    try:
        text = read_plain_file(target.root / name, MAX_IGNORE_BYTES).decode("utf-8", errors="replace")
    except OSError as exc:
        notes.append(f"{name} not honoured: {exc.strerror or exc}")
        return
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith(":include "):
            inc = line[len(":include ") :].strip()[:200]
            rel = PurePosixPath(PurePosixPath(name).parent, inc).as_posix()
            if depth >= MAX_INCLUDE_DEPTH or rel in seen:
                notes.append(f"{name}: ':include {inc}' not honoured (nested too deep, or included twice)")
            elif rel not in set(target.files):
                notes.append(f"{name}: ':include {inc}' not honoured: not a file of the scanned tree")
            else:
                _read(target, rel, out, notes, depth + 1, seen)
            continue
        if not line or line.startswith("#"):
            continue
        if len(out) >= MAX_PATTERNS:
            notes.append(f"{name}: only the first {MAX_PATTERNS} patterns are honoured")
            return
        if len(line) > MAX_PATTERN_CHARS:
            notes.append(f"{name}: a pattern longer than {MAX_PATTERN_CHARS} characters is not honoured")
            continue
        pattern = _parse(line, name)
        if pattern.text and pattern not in out:
            out.append(pattern)


def _parse(line: str, source: str) -> _Pattern:
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    if line.startswith("\\"):
        line = line[1:]  # \! \# \: : a literal first character
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    anchored = "/" in line
    return _Pattern(line.lstrip("/"), negated, anchored, dir_only, source)


def is_minified(root: Path, path: str) -> bool:
    if not path.lower().endswith(MINIFIED_SUFFIXES):
        return False
    if PurePosixPath(path).name.lower().endswith((".min.js", ".min.mjs", ".min.cjs")):
        return True
    try:
        with (root / path).open("rb") as fh:
            head = fh.read(MINIFIED_SNIFF_BYTES)
    except OSError:
        return False
    return any(len(line) > MINIFIED_LINE_BYTES for line in head.split(b"\n"))


def is_declaration(path: str) -> bool:
    return PurePosixPath(path).name.lower().endswith(DECLARATION_SUFFIXES)


def apply(
    target: ScanTarget, files: list[str], *, skip_declarations: bool = True
) -> tuple[list[str], list[SkippedFile], list[str]]:
    """``files`` without those the ignores (and the minified and, unless told not to,
    declaration-file checks) leave out; the skipped files with their reasons; notes about
    ignore rules that were not honoured. The caller keeps declaration files when the
    configuration adds rule files of its own (they may be written for them)."""
    rules = load(target)
    kept: list[str] = []
    skipped: list[SkippedFile] = []
    for path in files:
        why = rules.reason(path)
        if why is None and is_minified(target.root, path):
            why = f"minified (a line over {MINIFIED_LINE_BYTES // 1024} KiB, or a .min.js name)"
        if why is None and skip_declarations and is_declaration(path):
            why = DECLARATION_REASON
        if why is None:
            kept.append(path)
        else:
            skipped.append(SkippedFile(path, why))
    return kept, skipped, rules.notes
