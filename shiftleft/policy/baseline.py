"""New-only gating: which findings did this change introduce?

Two sources, usable together:

- a **baseline**: a SARIF log shiftleft wrote earlier (typically on the target branch).
  A result matching a baseline result is ``unchanged``, otherwise ``new``. Matching uses
  ``fingerprints["shiftleft/v1"]`` first (tool, rule, path and line-content hash), then
  ``partialFingerprints.primaryLocationLineHash`` with the ruleId, which survives a file
  being renamed.
- a **diff base**: a git ref. ``git diff --unified=0 REF`` gives the lines the change added
  or modified (plus untracked files, all new); a finding on such a line, or in a changed
  file when it has no line, is ``new``; anything else sits on code the change did not
  touch and is ``unchanged``.

With both, a finding is new only when both say so: the baseline or the untouched code is
proof enough that it existed before. Results of the baseline that are gone are counted
(``absent``) in ``properties.shiftleft.baseline`` of the log, not re-added as results:
every reader treats a result as an open finding.

git runs as an argument list, never through a shell, with the repository's own
configuration defanged (no external diff, no textconv, no fsmonitor hook): the scanned
repository is untrusted and its ``.git/config`` could otherwise run commands.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shiftleft.gitinfo import run_git
from shiftleft.policy.model import PolicyError
from shiftleft.process import ToolError
from shiftleft.sarif import readback
from shiftleft.sarif.uris import result_location

GIT_TIMEOUT = 60.0
#: bytes of one git command's output: a blob compared line by line is at most
#: ``MAX_DIFF_FILE_BYTES`` (else treated as changed); a tree listing of 500,000 files fits
MAX_GIT_OUTPUT = 128 * 1024 * 1024
#: a baseline is a SARIF log read back: the same bounds as every file read back
MAX_BASELINE_BYTES = readback.MAX_BYTES
#: a full SHA-1 or SHA-256 object id as git prints it
_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_SAFE_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/@{}~^:+-]{0,254}$")

#: a file whose every line is new (untracked, or added as a whole)
ALL_LINES = frozenset({-1})


@dataclass(frozen=True)
class ChangedLines:
    """Lines added or modified per file (POSIX paths relative to the scan root)."""

    files: dict[str, frozenset[int]] = field(default_factory=dict)
    #: files too different from their base to compare line by line within the budget:
    #: the lines not settled count as changed (see ``MAX_DIFF_CELLS``)
    approximated: tuple[str, ...] = ()

    def is_new(self, path: str, line: int) -> bool:
        lines = self.files.get(path)
        if lines is None:
            return False
        if lines == ALL_LINES or line < 1:
            return True
        return line in lines


def _results(sarif: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for run in sarif.get("runs") or []:
        yield from run.get("results") or []


def _keys(result: dict[str, Any]) -> tuple[str | None, tuple[str, str] | None]:
    fp = (result.get("fingerprints") or {}).get("shiftleft/v1")
    line_hash = (result.get("partialFingerprints") or {}).get("primaryLocationLineHash")
    rule = result.get("ruleId")
    return (str(fp) if fp else None), ((str(rule), str(line_hash)) if rule and line_hash else None)


def _merged_fingerprints(result: dict[str, Any]) -> list[str]:
    """Fingerprints of the results ``sarif.dedup`` merged into this one: the same problem,
    whichever tool's result was kept in the baseline or in this scan."""
    also = (
        (result.get("properties") or {}).get("alsoReportedBy") if isinstance(result.get("properties"), dict) else None
    )
    if not isinstance(also, list):
        return []
    return [str(a["fingerprint"]) for a in also if isinstance(a, dict) and isinstance(a.get("fingerprint"), str)]


def _location(result: dict[str, Any]) -> tuple[str, int]:
    path, start, _end = result_location(result)
    return path, start


def _touched(result: dict[str, Any], changed: ChangedLines) -> bool:
    """Is the finding on code the change added or modified? When it cannot be placed on a
    line (no location, or an image finding on a pseudo path), the answer is yes: unknown
    must not read as pre-existing."""
    path, line = _location(result)
    if not path or path.startswith("image/"):
        return True
    logical = any(loc.get("logicalLocations") for loc in result.get("locations") or [])
    if logical or line < 1:  # image results are pinned to the Dockerfile's line 1: any change counts
        return path in changed.files
    return changed.is_new(path, line)


def load_baseline(path: Path) -> dict[str, Any]:
    """A previous shiftleft SARIF log; PolicyError when it is not one. Hostile input like
    every file read back (``readback``): bounded in size and depth, and every field the
    matching reads (runs, results, fingerprints, ruleId) of the type SARIF gives it."""
    if not path.exists() and not path.is_symlink():
        raise PolicyError(f"{path}: baseline file not found")
    try:
        data = readback.read_json_value(path, max_bytes=MAX_BASELINE_BYTES)
    except readback.ReadBackError as exc:
        raise PolicyError(f"baseline is not a readable SARIF JSON file: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("runs"), list):
        raise PolicyError(f"{path}: baseline is not a SARIF log (no runs)")
    try:
        readback.check_sarif(data)
    except readback.ReadBackError as exc:
        raise PolicyError(f"{path}: baseline is not a well-formed SARIF log: {exc}") from None
    return data


@dataclass(frozen=True)
class BaselineSummary:
    new: int
    unchanged: int
    absent: int
    sources: tuple[str, ...]
    #: files whose diff against the base was too large to compare line by line: their
    #: unsettled lines counted as changed, so their findings there are new
    treated_as_changed: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "new": self.new, "unchanged": self.unchanged, "absent": self.absent, "sources": list(self.sources),
        }  # fmt: skip
        if self.treated_as_changed:
            out["treatedAsChanged"] = list(self.treated_as_changed)
        return out


def set_baseline_state(
    sarif: dict[str, Any],
    baseline: dict[str, Any] | None = None,
    changed: ChangedLines | None = None,
    *,
    sources: tuple[str, ...] = (),
) -> BaselineSummary:
    """Set ``baselineState`` (new / unchanged) on every result of ``sarif`` in place and
    record the counts in ``properties.shiftleft.baseline``. Without any source, nothing
    changes (every finding is simply a finding)."""
    if baseline is None and changed is None:
        return BaselineSummary(0, 0, 0, ())
    by_fp: dict[str, int] = {}
    by_hash: dict[tuple[str, str], int] = {}
    old: list[dict[str, Any]] = list(_results(baseline)) if baseline is not None else []
    for index, result in enumerate(old):
        fp, line_hash = _keys(result)
        for key in (fp, *_merged_fingerprints(result)):
            if key:
                by_fp.setdefault(key, index)
        if line_hash:
            by_hash.setdefault(line_hash, index)
    matched: set[int] = set()
    new = unchanged = 0
    for result in _results(sarif):
        is_new = True
        if baseline is not None:
            fp, line_hash = _keys(result)
            hit = by_fp.get(fp) if fp else None
            for other in _merged_fingerprints(result) if hit is None else ():
                hit = by_fp.get(other)
                if hit is not None:
                    break
            if hit is None and line_hash:
                hit = by_hash.get(line_hash)
            if hit is not None:
                matched.add(hit)
                is_new = False
        if is_new and changed is not None:
            is_new = _touched(result, changed)
        result["baselineState"] = "new" if is_new else "unchanged"
        new += is_new
        unchanged += not is_new
    absent = len(old) - len(matched) if baseline is not None else 0
    summary = BaselineSummary(new, unchanged, absent, sources, changed.approximated if changed is not None else ())
    props = sarif.setdefault("properties", {})
    props.setdefault("shiftleft", {})["baseline"] = summary.as_dict()
    return summary


# --- git ---------------------------------------------------------------------------------


def _git_bytes(root: Path, *args: str) -> bytes:
    """git's output, byte for byte, through ``gitinfo.run_git`` (isolated, bounded, defanged)."""
    try:
        proc = run_git(root, *args, timeout=GIT_TIMEOUT, max_stdout=MAX_GIT_OUTPUT)
    except ToolError as exc:
        if exc.status == "missing":
            raise PolicyError("--diff-base needs git, which is not installed") from None
        if exc.status == "timeout":
            raise PolicyError(f"git {args[0]} did not finish within {GIT_TIMEOUT:g} s") from None
        raise PolicyError(f"git {args[0]} failed: {str(exc)[:300]}") from None
    return proc.stdout_bytes


def _git(root: Path, *args: str) -> str:
    return _git_bytes(root, *args).decode("utf-8", "replace")


def blob_id(data: bytes) -> str:
    """git's object id of a file's bytes as they are (no clean filter, no line-ending
    conversion): equal to the base commit's blob means unchanged."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


#: line-by-line comparison budget for one file (old lines x new lines summed over the
#: stretches that unique matching lines do not settle). Past it, the remaining stretches
#: count as changed: their findings are new and gate, and the file is listed as treated so
#: (never the reverse: an unsettled line is not presumed old)
MAX_DIFF_CELLS = 4_000_000
#: a file (or its base version) larger than this is not compared: when it differs from its
#: base it counts as changed whole, listed as approximated
MAX_DIFF_FILE_BYTES = 16 * 1024 * 1024


@dataclass
class _Diff:
    """The changed lines of one file, and whether the budget ran out on it."""

    changed: set[int] = field(default_factory=set)
    budget: int = MAX_DIFF_CELLS
    approximated: bool = False


def _file_blob_id(path: Path, size: int) -> str:
    """``blob_id`` of a file read in chunks (bounded memory, whatever its size)."""
    digest = hashlib.sha1(b"blob %d\0" % size, usedforsecurity=False)
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _added_lines(old: bytes, new: bytes) -> tuple[frozenset[int], bool]:
    """Line numbers of ``new`` that are not in ``old`` (inserted or replaced), and whether
    part of the file was counted as changed without a line-by-line comparison.

    Near-linear whatever the input (difflib alone is quadratic: 42 s on a 20,000-line
    file): common head and tail are skipped, lines that occur once in each side and in
    the same order anchor the rest (patience diff: a longest increasing subsequence,
    n log n), and only the stretches between anchors go to difflib, within a budget."""
    a = old.decode("utf-8", "replace").splitlines()
    b = new.decode("utf-8", "replace").splitlines()
    diff = _Diff()
    alo, ahi, blo, bhi = _trim(a, 0, len(a), b, 0, len(b))
    anchors = _unique_anchors(a, alo, ahi, b, blo, bhi)
    prev_a, prev_b = alo, blo
    for i, j in [*anchors, (ahi, bhi)]:
        _gap(a, prev_a, i, b, prev_b, j, diff)
        prev_a, prev_b = i + 1, j + 1
    return frozenset(diff.changed), diff.approximated


def _trim(a: list[str], alo: int, ahi: int, b: list[str], blo: int, bhi: int) -> tuple[int, int, int, int]:
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        alo, blo = alo + 1, blo + 1
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
        ahi, bhi = ahi - 1, bhi - 1
    return alo, ahi, blo, bhi


def _unique_anchors(a: list[str], alo: int, ahi: int, b: list[str], blo: int, bhi: int) -> list[tuple[int, int]]:
    """(old index, new index) of lines occurring exactly once in each range, the longest
    chain of them in the same order on both sides."""
    count: dict[str, int] = {}
    where_a: dict[str, int] = {}
    for i in range(alo, ahi):
        count[a[i]] = count.get(a[i], 0) + 1
        where_a[a[i]] = i
    seen_b: dict[str, int] = {}
    for j in range(blo, bhi):
        if count.get(b[j]) == 1:
            seen_b[b[j]] = -1 if b[j] in seen_b else j
    pairs = [(where_a[line], j) for line, j in seen_b.items() if j >= 0]
    pairs.sort(key=lambda p: p[1])
    # longest increasing subsequence of old indexes, in new order (patience sorting)
    tail_values: list[int] = []  # smallest old index ending a chain of length k+1
    tails: list[int] = []  # the pair holding it
    back: list[int] = [-1] * len(pairs)
    for n, (i, _j) in enumerate(pairs):
        k = bisect.bisect_left(tail_values, i)
        if k > 0:
            back[n] = tails[k - 1]
        if k == len(tails):
            tails.append(n)
            tail_values.append(i)
        else:
            tails[k], tail_values[k] = n, i
    chain: list[tuple[int, int]] = []
    n = tails[-1] if tails else -1
    while n >= 0:
        chain.append(pairs[n])
        n = back[n]
    return chain[::-1]


def _myers(a: list[str], b: list[str], diff: _Diff) -> set[int] | None:
    """Indexes of ``b`` inserted in a shortest edit script from ``a`` (E. Myers, 1986), or
    None when more edits than the budget allows would be needed (its work is about
    (N+M) x edits; the budget is charged for what was spent)."""
    n, m = len(a), len(b)
    max_d = min(n + m, diff.budget // max(1, n + m))
    v: dict[int, int] = {1: 0}
    trace: list[dict[int, int]] = []
    found = False
    for d in range(max_d + 1):
        trace.append(dict(v))
        for k in range(-d, d + 1, 2):
            x = v[k + 1] if k == -d or (k != d and v[k - 1] < v[k + 1]) else v[k - 1] + 1
            y = x - k
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            v[k] = x
            if x >= n and y >= m:
                found = True
                break
        if found:
            break
    diff.budget -= (n + m) * len(trace)
    if not found:
        return None
    inserted: set[int] = set()
    x, y = n, m
    for d in range(len(trace) - 1, 0, -1):
        past = trace[d]
        k = x - y
        prev_k = k + 1 if k == -d or (k != d and past[k - 1] < past[k + 1]) else k - 1
        prev_x = past[prev_k]
        prev_y = prev_x - prev_k
        if prev_k == k + 1:  # a step down: b[prev_y] inserted
            inserted.add(prev_y)
        x, y = prev_x, prev_y
    return inserted


def _gap(a: list[str], alo: int, ahi: int, b: list[str], blo: int, bhi: int, diff: _Diff) -> None:
    """Changed lines of ``b[blo:bhi]`` against ``a[alo:ahi]``: difflib within the budget,
    else all of them."""
    alo, ahi, blo, bhi = _trim(a, alo, ahi, b, blo, bhi)
    if blo >= bhi:
        return
    cells = (ahi - alo) * (bhi - blo)
    if alo < ahi and cells > diff.budget:
        # too large for difflib: Myers' O((N+M)D) diff finds few edits in a long stretch
        # of look-alike lines (no unique line to anchor on) within the remaining budget
        inserted = _myers(a[alo:ahi], b[blo:bhi], diff)
        if inserted is not None:
            diff.changed.update(blo + j + 1 for j in inserted)
            return
    if alo >= ahi or cells > diff.budget:
        diff.approximated = diff.approximated or alo < ahi
        diff.changed.update(range(blo + 1, bhi + 1))
        return
    diff.budget -= cells
    matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            diff.changed.update(range(blo + j1 + 1, blo + j2 + 1))


def _base_and_prefix(root: Path, ref: str) -> tuple[str, str]:
    """(the merge base of ``ref`` and HEAD, where ``root`` lies in the repository). One git
    process answers the prefix, ``ref``'s commit and HEAD's (``rev-parse --show-prefix
    REF^{commit} HEAD^{commit} --``: ``--`` makes them revisions, never paths); when they
    are the same commit (the hook's ``HEAD``, a branch at its tip) that commit is the merge
    base and no ``merge-base`` runs. Any other answer (a bad ref, no HEAD, a directory name
    with a line break) takes the separate calls, which give the errors their words."""
    try:
        lines = _git(root, "rev-parse", "--show-prefix", f"{ref}^{{commit}}", "HEAD^{commit}", "--").split("\n")
    except PolicyError:
        lines = []
    batched = len(lines) == 5 and lines[3:] == ["--", ""] and all(_OBJECT_ID.fullmatch(c) for c in lines[1:3])
    if batched and lines[1] == lines[2]:
        return lines[1], lines[0].strip()
    if batched:
        commit = lines[1]
    else:
        try:
            commit = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").strip()
        except PolicyError as exc:
            raise PolicyError(f"--diff-base {ref!r}: not a commit of the git repository at {root} ({exc})") from None
    # compare with where the change branched off, as a merge request does: commits that
    # landed on the base branch since then are not this change's doing
    try:
        base = _git(root, "merge-base", commit, "HEAD").strip() or commit
    except PolicyError:  # shallow clone, unrelated histories: the ref itself is the best we have
        base = commit
    return base, lines[0].strip() if batched else _git(root, "rev-parse", "--show-prefix").strip()


def changed_lines(root: Path, ref: str, files: Iterable[str] | None = None) -> ChangedLines:
    """Lines the working tree at ``root`` adds or changes relative to the merge base of
    ``ref`` and HEAD; files absent from the base (new, untracked, renamed) count whole.

    The scanned repository is hostile, so git never reads its working tree: a diff against
    the working tree would run the repository's clean filters (``.gitattributes`` +
    ``filter.<x>.clean`` in its ``.git/config``). Only object-database commands run
    (rev-parse, merge-base, ls-tree, cat-file without --filters); the working files come
    from the scan's safe file list (``files``, relative to ``root``) and are compared here."""
    if not _SAFE_REF.match(ref) or ".." in ref:
        raise PolicyError(f"--diff-base {ref!r} is not a git revision name (a branch, tag or commit; no ranges)")
    base, prefix = _base_and_prefix(root, ref)
    blobs: dict[str, tuple[str, int]] = {}
    for entry in _git(root, "ls-tree", "-r", "-l", "-z", "--full-tree", "--end-of-options", base).split("\0"):
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 4 and parts[1] == "blob" and path.startswith(prefix) and parts[3].isdigit():
            blobs[path[len(prefix) :]] = (parts[2], int(parts[3]))
    if files is None:
        from shiftleft.target import collect

        files = collect(root).files
    out: dict[str, frozenset[int]] = {}
    approximated: list[str] = []
    for rel in files:
        known = blobs.get(rel)
        if known is None:
            out[rel] = ALL_LINES
            continue
        old, old_size = known
        try:
            size = (root / rel).stat().st_size
            if max(size, old_size) > MAX_DIFF_FILE_BYTES:  # never read whole into memory
                if size != old_size or old != _file_blob_id(root / rel, size):
                    out[rel] = ALL_LINES
                    approximated.append(rel)
                continue
            data = (root / rel).read_bytes()
        except OSError:  # unreadable now: unknown, so its findings count as new
            out[rel] = ALL_LINES
            continue
        if old != blob_id(data):
            out[rel], rough = _added_lines(_git_bytes(root, "cat-file", "blob", old), data)
            if rough:
                approximated.append(rel)
    return ChangedLines(out, tuple(approximated))
