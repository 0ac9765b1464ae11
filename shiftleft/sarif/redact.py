"""Keep secret values out of every output, and change nothing else.

Redaction is the last step before anything is written or printed, independent of which
scanners ran. One ``Redactor`` per scan learns secret values, then rewrites strings.

Where values come from
  1. detect-secrets' own plugins run over every line of every string of the outputs
     (``sarif.detectors``): snippets, messages, notifications, properties, rule texts;
     snippets (file content) also with config syntax and unquoted base64;
  2. values some engine found in this scan: detect-secrets' SHA-1 hashes matched against
     candidate tokens of the outputs, and the quoted literals of credential results
     (bandit's "Possible hardcoded password: '...'");
  3. credentials in URLs: the userinfo of ``scheme://user:pass@host`` (any userinfo with a
     ``:``, or a strong one such as a token used as the user name; ``ssh://git@`` stays).

The rule: what is replaced, and where
  - A value is *strong* when it has at least 8 characters and either a detect-secrets
    plugin recognised it by format or entropy (``AKIA...``, ``ghp_...``, a quoted
    high-entropy string), or it is not a word or word-like identifier (letters joined by
    ``_ - .``, under 24 characters), not a number under 16 digits, and has a Shannon
    entropy above 3.0 bits per character. Anything else is *weak* (``test``, ``changeme``,
    ``Password``, ``test_password``): what the keyword plugin reports after ``password =``.
  - Strong values are replaced wherever they occur, as substrings, in every string,
    identifiers included (then only the secret part of the identifier changes).
  - Weak values are never replaced as bare words, nor as ordinary string literals
    (``"--stage", "test"`` stays). Only in value position: (a) after a detect-secrets
    keyword and an assignment, in any free-text line (``password = "test"``,
    ``"db_password": "test"``, ``DB_PASSWORD=test``, bandit's ``password: 'test'``);
    (b) in a line where a detect-secrets plugin reports the value: the whole content of a
    quoted literal, or the token right after ``=``, ``:``, ``=>``, ``:=``. Identifiers
    (URIs, rule ids, names, stage, tool, category, ...) and dict keys never lose a weak
    value, so a password ``test`` leaves stage ``test``, ``tests/`` paths and the word
    "test" in messages alone.
  - URL credentials are replaced whole: ``https://[REDACTED]@host/``.
  - Lines after a private-key header are replaced up to the key's end line.
  - Results about credentials (category ``secrets`` or a credential CWE) lose their
    snippets, and their messages' quoted literals are masked.
  - "Recognisable part": whole occurrences are removed; a value is never shown cut.

Bounds: detectors run once per distinct line (cached), on windows of bounded length; at
most ``MAX_DETECTED_LINES`` distinct lines per scan go through them. Past that budget a
snippet not yet checked is withheld (fail closed) and other text gets rules 2 and 3 only.
Replacement uses one trie-shaped regex of all known values, so its cost is linear in the
text, not in the number of secrets.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import re
from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

import attr
import sarif_om

from shiftleft.sarif import detectors

REDACTED = "[REDACTED]"
WITHHELD = "[snippet withheld: too much output to check for secrets]"
CREDENTIAL_CWES = frozenset({"CWE-798", "CWE-259", "CWE-321", "CWE-522", "CWE-256", "CWE-260", "CWE-312"})
#: distinct lines handed to the detectors per scan (about 0.3 ms each)
MAX_DETECTED_LINES = 150_000
STRONG_MIN_LENGTH = 8
_TOKEN_SPLIT = re.compile(r"""[\s'"`=:,;()\[\]{}<>]+""")
_LOOSE_SPLIT = re.compile(r"""[\s'"`,;()\[\]{}<>]+""")
_URL_SPLIT = re.compile(r"""[\s'"`,;()\[\]{}<>:@/]+""")  # keeps "=": credentials in URLs
_QUOTED_VALUE = re.compile(r"""(['"`])((?:(?!\1).){4,})\1""")
_SENTENCE_END = ".!?"
_QUOTED = re.compile(r"""(['"`])(?:(?!\1).){1,}\1""")
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]{0,30}://)([^\s/?#@'\"`<>\[\]{}]{1,500})@")
_WORDLIKE = re.compile(r"[A-Za-z]+(?:[_\-. ][A-Za-z]+)*")
_LINE_SPLIT = re.compile(r"(\r\n|\r|\n)")
#: nesting of the value trie regex before it falls back to a flat alternation
_TRIE_DEPTH = 24


def _entropy(value: str) -> float:
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def is_strong(value: str) -> bool:
    """Strong values are replaced everywhere; weak ones only in value position (see the
    module docstring for the rule)."""
    if len(value) < STRONG_MIN_LENGTH:
        return False
    if len(value) < 24 and _WORDLIKE.fullmatch(value):
        return False
    if value.isdigit() and len(value) < 16:
        return False
    return _entropy(value) > 3.0


def _credential_userinfo(userinfo: str) -> bool:
    return ":" in userinfo or is_strong(userinfo)


def strip_userinfo(text: str) -> str:
    """``scheme://user:secret@host`` -> ``scheme://host``: for parsers (dependency
    manifests), so a credential never becomes a package name or requirement text."""
    if "://" not in text:
        return text
    return _USERINFO.sub(lambda m: m.group(1) if _credential_userinfo(m.group(2)) else m.group(0), text)


def _sha1(token: str) -> str:
    return hashlib.sha1(token.encode("utf-8"), usedforsecurity=False).hexdigest()


def _candidates(text: str) -> set[str]:
    """Every substring that could be a secret value as detect-secrets hashed it: tokens cut
    at any delimiter; tokens that keep ``=`` (base64 padding, also inside URLs) or ``=``
    and ``:`` (``user:pass``), and the part after their first ``=``/``:`` (``KEY=value==``
    in .env files); quoted strings."""
    found = set(_TOKEN_SPLIT.split(text)) | set(_URL_SPLIT.split(text))
    for token in _LOOSE_SPLIT.split(text):
        found.add(token)
        for sep in ("=", ":"):
            if sep in token:
                found.add(token.split(sep, 1)[1])
    found.update(m.group(2) for m in _QUOTED_VALUE.finditer(text))
    found.update([t.rstrip(_SENTENCE_END) for t in found])  # "... KEY." ends a sentence
    return {t for t in found if len(t) >= 4}


def find_secrets(text: str, hashes: frozenset[str]) -> set[str]:
    """The substrings of ``text`` whose SHA-1 is one of ``hashes``."""
    if not hashes:
        return set()
    return {t for t in _candidates(text) if _sha1(t) in hashes}


def secret_hash(value: str) -> str:
    """The SHA-1 (hex) of a value, as detect-secrets hashes it and ``find_secrets`` matches."""
    return _sha1(value)


def quoted_literals(text: str) -> set[str]:
    """The quoted literals of a credential result's message: the values the redactor learns
    from it (``_mask_credential_results``)."""
    return {m.group(2) for m in _QUOTED_VALUE.finditer(text)} - {REDACTED}


#: what ``mask_quoted`` replaces: every quoted part of a credential result's message
QUOTED = _QUOTED


def mask_quoted(text: str) -> str:
    return _QUOTED.sub(lambda m: f"{m.group(1)}{REDACTED}{m.group(1)}", text)


def _trie_pattern(values: Iterable[str]) -> str:
    """One regex matching any of ``values``, longest first, shaped as a trie so matching
    costs O(text) rather than O(text x values); nesting is capped at ``_TRIE_DEPTH``."""
    trie: dict[str, Any] = {}
    for value in values:
        node = trie
        for ch in value:
            node = node.setdefault(ch, {})
        node[""] = True

    def suffixes(node: dict[str, Any]) -> list[str]:
        out: list[str] = []
        stack: list[tuple[dict[str, Any], str]] = [(node, "")]
        while stack:
            current, prefix = stack.pop()
            for key, child in current.items():
                if key == "":
                    out.append(prefix)
                else:
                    stack.append((child, prefix + key))
        return sorted(out, key=len, reverse=True)

    def emit(node: dict[str, Any], depth: int) -> str:
        if depth >= _TRIE_DEPTH:
            return "(?:" + "|".join(re.escape(s) for s in suffixes(node)) + ")"
        branches = []
        for key in sorted(k for k in node if k):
            chain, child = key, node[key]
            while len(child) == 1 and "" not in child:  # a chain without branching: one literal
                (nxt, child), = child.items()  # fmt: skip
                chain += nxt
            branches.append(re.escape(chain) + emit(child, depth + 1))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie, 0)


class Redactor:
    """Learns secret values, then rewrites strings by the module's rule. Results are cached
    per distinct string, so walking a log twice (SARIF, then the report) costs once."""

    def __init__(self, secret_hashes: Iterable[str] = (), values: Iterable[str] = (), *, detect: bool = True,
                 known_clean: Collection[bytes] = frozenset()) -> None:  # fmt: skip
        self.hashes = frozenset(h.lower() for h in secret_hashes)
        self.strong: set[str] = set()
        self.weak: set[str] = set()
        #: whether the detectors run: asked of ``detectors.available`` when the first line
        #: needs them (a log whose every line is known clean never loads detect-secrets)
        self._detect: bool | None = None if detect else False
        #: digests (``clean_digest``) of lines the detectors found nothing in, in an earlier
        #: scan with the same detectors (the result cache keeps them): not run again
        self.known_clean = known_clean
        self._new_clean: dict[bytes, str] = {}
        self._saw_private_key = False
        self.detected_lines = 0
        self.unchecked_lines = 0
        self._lines: dict[tuple[str, str], frozenset[str]] = {}
        self._out: dict[tuple[str, bool, str, bool], str] = {}
        self._strong_re: re.Pattern[str] | None = None
        self._weak_quoted: re.Pattern[str] | None = None
        self._weak_assigned: re.Pattern[str] | None = None
        self._weak_keyed: re.Pattern[str] | None = None
        self._compiled = False
        self._learning = False
        self._learned: set[tuple[str, str]] = set()
        self.add(values)

    # --- learning -------------------------------------------------------------------
    def add(self, values: Iterable[str], *, distinctive: bool = False) -> None:
        """Known secret values; ``distinctive``: recognised by format or entropy (a
        detector said so), hence strong whatever the length/entropy rule says."""
        for value in values:
            if not value or value == REDACTED or len(value) < 3:
                continue
            target = self.strong if (distinctive and len(value) >= STRONG_MIN_LENGTH) or is_strong(value) else self.weak
            if value not in target:
                target.add(value)
                self._compiled = False
                self._out.clear()

    def _line_values(self, line: str, filename: str, content: bool = False) -> frozenset[str] | None:
        """Values the detectors report in one line (cached); None past the budget.
        ``content``: the line is file content (a snippet)."""
        ftype = _filetype(filename) + ("\x00content" if content else "")
        key = (line, ftype)
        known = self._lines.get(key)
        if known is not None:
            return known
        if _TIMESTAMP.fullmatch(line):  # digits and fixed separators: no detector fires on one
            self._lines[key] = frozenset()
            return frozenset()
        digest = clean_digest(line, ftype) if self.known_clean or self._detect is not False else b""
        if digest and digest in self.known_clean:
            self._lines[key] = frozenset()
            return frozenset()
        if self._detect is None:
            self._detect = detectors.available()
        if not self._detect:
            return frozenset()
        if self.detected_lines >= MAX_DETECTED_LINES:
            self.unchecked_lines += 1
            return None
        self.detected_lines += 1
        found = detectors.scan_line(line, _filetype(filename), content=content)
        values = frozenset(d.value for d in found)
        if any(d.secret_type == detectors.PRIVATE_KEY_TYPE for d in found):
            values = values | {_PRIVATE_KEY_MARK}
            self._saw_private_key = True
        if not values and digest and len(self._new_clean) < MAX_NEW_CLEAN:
            self._new_clean[digest] = line
        self._lines[key] = values
        self.add(d.value for d in found if not d.distinctive)
        self.add((d.value for d in found if d.distinctive), distinctive=True)
        return values

    def learn(self, text: str, filename: str = "", content: bool = False) -> None:
        """Run the detectors (and the hash check) over every line of ``text``, once."""
        seen = (text, _filetype(filename) + ("\x00content" if content else ""))
        if not text or seen in self._learned:
            return
        self._learned.add(seen)
        for line in _LINE_SPLIT.split(text)[::2]:
            if line.strip():
                self._line_values(line, filename, content)
            if self.hashes:
                self.add(find_secrets(line, self.hashes))

    def learn_all(self, obj: Any) -> None:
        """Learn from every string of a tree before rewriting any: a value found late in
        the tree is then removed from its start too."""
        self._learning = True
        try:
            self.walk(obj)
        finally:
            self._learning = False

    @property
    def detect(self) -> bool:
        """Whether the detectors run (asks ``detectors.available`` if no line has yet)."""
        if self._detect is None:
            self._detect = detectors.available()
        return self._detect

    def clean_digests(self) -> list[bytes]:
        """The digests of this scan's lines that a later scan need not detect again: lines
        the detectors found nothing in *and* that the outputs show as they are (the rule
        rewrites nothing in them, no learnt value and no secret hash is in them, no
        private key was seen in this scan). Such a line is in the reports verbatim, so its
        digest tells whoever reads the cache nothing the reports do not; a line with any
        part of a secret in it is never one. Call after the log was rewritten."""
        if self._saw_private_key or not self._new_clean:
            return []
        self._compile()
        values = [v for v in (*self.strong, *self.weak) if v]
        if len(values) > MAX_VALUES_FOR_CLEAN:
            return []
        out = []
        for digest, line in self._new_clean.items():
            if any(v in line for v in values) or (self.hashes and find_secrets(line, self.hashes)):
                continue
            if any(self._line(line, frozenset(), as_identifier, False) != line for as_identifier in (False, True)):
                continue
            out.append(digest)
        return out

    # --- rewriting ------------------------------------------------------------------
    def _compile(self) -> None:
        if self._compiled:
            return
        self._strong_re = re.compile(_trie_pattern(self.strong)) if self.strong else None
        if self.weak:
            weak = _trie_pattern(self.weak)
            value = r"""(['"`]?)(""" + weak + r""")(?![A-Za-z0-9_])"""
            self._weak_quoted = re.compile(rf"""(['"`])({weak})\1""")
            self._weak_assigned = re.compile(r"((?:=>|:=|[=:])[ \t]*)" + value + r"(?=\2)")
            self._weak_keyed = re.compile(
                rf"""((?i:{_keywords()})\w*['"\]]{{0,2}}[ \t]*(?:=>|:=|[=:])[ \t]*)""" + value + r"(?=\2)"
            )
        else:
            self._weak_quoted = self._weak_assigned = self._weak_keyed = None
        self._compiled = True

    def text(self, text: str, filename: str = "", *, snippet: bool = False) -> str:
        """Free text (messages, snippets, notices, property values)."""
        if self._learning:
            self.learn(text, filename, snippet)
            return text
        return self._rewrite(text, False, filename, snippet)

    def identifier(self, text: str) -> str:
        """URIs, ids, names, stages: only strong values and URL credentials are replaced."""
        if self._learning:
            self.learn(text)
            return text
        return self._rewrite(text, True, "", False)

    def tree(self, obj: Any) -> Any:
        """Learn from, then rewrite, a whole tree (see ``walk``)."""
        self.learn_all(obj)
        return self.walk(obj)

    def _rewrite(self, text: str, identifier: bool, filename: str, snippet: bool) -> str:
        if not text or not isinstance(text, str):
            return text
        key = (text, identifier, _filetype(filename), snippet)
        cached = self._out.get(key)
        if cached is not None:
            return cached
        self.learn(text, filename, snippet)
        self._compile()
        parts = _LINE_SPLIT.split(text)
        out: list[str] = []
        in_key = False
        for i, part in enumerate(parts):
            if i % 2:  # a line separator
                out.append(part)
                continue
            values = self._line_values(part, filename, snippet) if part.strip() else frozenset()
            if values is None and snippet:
                self._out[key] = WITHHELD
                return WITHHELD
            out.append(self._line(part, values or frozenset(), identifier, in_key))
            if not identifier and values and _PRIVATE_KEY_MARK in values:
                in_key = True
            elif in_key and "PRIVATE KEY" in part:
                in_key = False
        result = "".join(out)
        if result != text:
            self._out[(result, identifier, _filetype(filename), snippet)] = result
        self._out[key] = result
        return result

    def _line(self, line: str, detected: frozenset[str], identifier: bool, in_key: bool) -> str:
        if in_key and not identifier:
            return REDACTED if "PRIVATE KEY" not in line else line
        if "://" in line:
            line = _USERINFO.sub(
                lambda m: f"{m.group(1)}{REDACTED}@" if _credential_userinfo(m.group(2)) else m.group(0), line
            )
        if not identifier and self._weak_keyed is not None:
            assert self._weak_quoted is not None and self._weak_assigned is not None
            line = self._weak_keyed.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", line)
            here = detected & self.weak
            if here:  # the line a detector flagged: the value wherever it is a value
                line = self._weak_quoted.sub(
                    lambda m: f"{m.group(1)}{REDACTED}{m.group(1)}" if m.group(2) in here else m.group(0), line
                )
                line = self._weak_assigned.sub(
                    lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}" if m.group(3) in here else m.group(0), line
                )
        if self._strong_re is not None:
            line = self._strong_re.sub(REDACTED, line)
        return line

    # --- walking --------------------------------------------------------------------
    # (hot: ~500,000 nodes per walk on a 5,000-finding log, four walks per scan; numbers,
    # booleans and None are passed over without a call, field lists are read once per class)
    def walk(self, obj: Any, filename: str = "") -> Any:
        """Rewrite every string of a SARIF object tree, a JSON-like dict/list tree or a tree
        of (frozen) dataclasses; returns the rewritten object (dicts, lists and attrs
        objects are changed in place, dataclasses and tuples rebuilt)."""
        kind = type(obj)
        if kind is str:
            return self.text(obj, filename)
        if kind in _SCALARS:
            return obj
        if isinstance(obj, str):
            return self.text(obj, filename)
        if isinstance(obj, list):
            for i, value in enumerate(obj):
                if type(value) not in _SCALARS:
                    obj[i] = self.walk(value, filename)
            return obj
        if isinstance(obj, tuple):
            return tuple(self.walk(v, filename) for v in obj)
        if isinstance(obj, dict):
            return self._walk_dict(obj, filename)
        if _is_attrs(kind):
            return self._walk_attrs(obj, filename)
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            changes = {}
            for name in _dataclass_fields(kind):
                value = getattr(obj, name)
                if type(value) in _SCALARS:
                    continue
                new = self.identifier(value) if name in _IDENTIFIER_KEYS and isinstance(value, str) else (
                    self.walk(value, filename)
                )  # fmt: skip
                if new is not value and not (type(new) is str and type(value) is str and new == value):
                    changes[name] = new
            return dataclasses.replace(obj, **changes) if changes else obj
        return obj

    def _walk_dict(self, obj: dict[Any, Any], filename: str) -> dict[Any, Any]:
        if "artifactLocation" in obj and isinstance(obj["artifactLocation"], dict):
            filename = str(obj["artifactLocation"].get("uri") or filename)
        for key, value in list(obj.items()):
            if type(value) in _SCALARS or key in _OPAQUE_KEYS:
                continue
            if key in _IDENTIFIER_KEYS:
                obj[key] = self.identifier(value) if isinstance(value, str) else self._identifiers(value)
            elif key == "snippet" and isinstance(value, dict) and isinstance(value.get("text"), str):
                value["text"] = self.text(value["text"], filename, snippet=True)
            else:
                obj[key] = self.walk(value, filename)
        return obj

    def _identifiers(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.identifier(value)
        if isinstance(value, list):
            return [self._identifiers(v) for v in value]
        if isinstance(value, dict):
            return {k: self._identifiers(v) for k, v in value.items()}
        return value

    def _walk_attrs(self, obj: Any, filename: str) -> Any:
        if isinstance(obj, sarif_om.PhysicalLocation) and obj.artifact_location is not None:
            filename = str(obj.artifact_location.uri or filename)
        for name, role in _attrs_fields(type(obj)):
            value = getattr(obj, name)
            if value is None or type(value) in _SCALARS:
                continue
            if role == _IDENTIFIER:
                setattr(obj, name, self._identifiers(value))
            elif role == _SNIPPET and isinstance(value, sarif_om.ArtifactContent) and value.text:
                value.text = self.text(value.text, filename, snippet=True)
            else:
                setattr(obj, name, self.walk(value, filename))
        return obj


#: what ``walk`` returns unchanged without looking (``type(x) in _SCALARS``: not subclasses)
_SCALARS = frozenset({int, float, bool, type(None)})
_IDENTIFIER, _SNIPPET, _OTHER = 1, 2, 3
_ATTRS_FIELDS: dict[type, tuple[tuple[str, int], ...]] = {}
_DATACLASS_FIELDS: dict[type, tuple[str, ...]] = {}


def _attrs_fields(cls: type) -> tuple[tuple[str, int], ...]:
    """An attrs class's fields as ``_walk_attrs`` treats them (opaque ones left out), once per class."""
    known = _ATTRS_FIELDS.get(cls)
    if known is None:
        known = _ATTRS_FIELDS[cls] = tuple(
            (f.name, _IDENTIFIER if f.name in _IDENTIFIER_FIELDS else _SNIPPET if f.name == "snippet" else _OTHER)
            for f in attr.fields(cls)
            if f.name not in _OPAQUE_FIELDS
        )
    return known


def _dataclass_fields(cls: type) -> tuple[str, ...]:
    """A dataclass's ``init`` fields, once per class."""
    known = _DATACLASS_FIELDS.get(cls)
    if known is None:
        known = _DATACLASS_FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    return known


_PRIVATE_KEY_MARK = "\x00private-key"
#: an ISO 8601 UTC time as the orchestrator writes them (invocation and scan times)
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z")
#: bounds of what one scan offers the result cache as clean lines
MAX_NEW_CLEAN = 200_000
MAX_VALUES_FOR_CLEAN = 2_000


def clean_digest(line: str, ftype: str) -> bytes:
    """The key of "the detectors find nothing in ``line`` (read as ``ftype``)": 16 bytes of
    SHA-256 over the detectors' identity, the type and the line; b"" without detect-secrets."""
    ident = detectors.identity()
    if not ident:
        return b""
    data = b"\0".join((ident, ftype.encode("utf-8", "surrogatepass"), line.encode("utf-8", "surrogatepass")))
    return hashlib.sha256(data).digest()[:16]


_ATTRS_CLASSES: dict[type, bool] = {}


def _is_attrs(cls: type) -> bool:
    """``attr.has`` once per class (the sarif-om classes), not once per object walked."""
    known = _ATTRS_CLASSES.get(cls)
    if known is None:
        known = _ATTRS_CLASSES[cls] = attr.has(cls)
    return known


@functools.lru_cache(maxsize=8192)  # called for every string walked (~600,000 on a 5,000-finding log)
def _filetype(filename: str) -> str:
    """What the keyword plugin's syntax depends on: the file's extension (as a name, so
    results of one type share the detector cache)."""
    name = filename.rsplit("/", 1)[-1]
    return "file" + name[name.rindex(".") :] if "." in name.lstrip(".") else ""


@functools.cache
def _keywords() -> str:
    """The keyword plugin's own list (password, secret, api_key...), as one alternation;
    read when a weak value is first learnt (detect-secrets is not imported for a log that
    has none)."""
    try:
        from detect_secrets.plugins.keyword import DENYLIST
    except Exception:  # noqa: BLE001 - without detect-secrets: the usual words
        return "api_?key|password|passwd|pwd|secret|token"
    return "|".join(DENYLIST)


#: identifiers, not free text: only strong values and URL credentials are replaced there
#: (a weak password "test" must not rewrite the stage "test" or "tests/test_x.py")
_IDENTIFIER_FIELDS = frozenset({"uri", "uri_base_id", "rule_id", "id", "name", "full_name", "version",
                                "semantic_version", "information_uri", "help_uri", "original_uri_base_ids",
                                "rule", "kind", "level"})  # fmt: skip
_IDENTIFIER_KEYS = frozenset({"uri", "uriBaseId", "ruleId", "id", "tool", "scanner", "stage", "category", "severity",
                              "security-severity", "status", "name", "target", "cwe", "owasp", "path", "rule_id",
                              "rule_name", "fingerprint", "kind", "level", "state", "framework", "control_id",
                              "version", "grade", "informationUri", "helpUri"})  # fmt: skip
#: our own hashes and ids: nothing to redact, never rewritten
_OPAQUE_FIELDS = frozenset({"fingerprints", "partial_fingerprints", "guid"})
_OPAQUE_KEYS = frozenset({"fingerprints", "partialFingerprints", "guid"})


def is_credential_result(result: sarif_om.Result) -> bool:
    """A result about a credential (category ``secrets`` or a credential CWE): its snippets
    are dropped and the quoted literals of its message are learnt as secret values."""
    props = result.properties if isinstance(result.properties, dict) else {}
    if props.get("category") == "secrets":
        return True
    return bool(CREDENTIAL_CWES.intersection(props.get("cwe") or []))


def _drop_snippets(result: sarif_om.Result) -> None:
    for loc in result.locations or []:
        physical = loc.physical_location
        if physical is None:
            continue
        for region in (physical.region, physical.context_region):
            if region is not None:
                region.snippet = None


def _mask_credential_results(runs: Iterable[sarif_om.Run]) -> set[str]:
    """Drop snippets of credential results and mask the quoted literals of their messages
    (bandit's "Possible hardcoded password: '...'"); returns those literals, which other
    results may show in clear (a neighbouring finding's snippet)."""
    literals: set[str] = set()
    for run in runs:
        for result in run.results or []:
            if is_credential_result(result):
                _drop_snippets(result)
                if result.message and result.message.text:
                    literals.update(m.group(2) for m in _QUOTED_VALUE.finditer(result.message.text))
                    result.message.text = mask_quoted(result.message.text)
    return {v for v in literals if v != REDACTED}


def _is_credential_dict(result: dict[str, Any]) -> bool:
    props = result.get("properties") if isinstance(result.get("properties"), dict) else {}
    if not isinstance(props, dict):
        return False
    if props.get("category") == "secrets":
        return True
    cwes = props.get("cwe")
    return isinstance(cwes, list) and bool(CREDENTIAL_CWES.intersection(c for c in cwes if isinstance(c, str)))


def _mask_credential_dicts(runs: Iterable[Any]) -> set[str]:
    """``_mask_credential_results`` for a SARIF log read back as JSON (dicts)."""
    literals: set[str] = set()
    for run in runs:
        for result in (run.get("results") or []) if isinstance(run, dict) else []:
            if not isinstance(result, dict) or not _is_credential_dict(result):
                continue
            for loc in result.get("locations") or []:
                physical = loc.get("physicalLocation") if isinstance(loc, dict) else None
                for key in ("region", "contextRegion"):
                    region = physical.get(key) if isinstance(physical, dict) else None
                    if isinstance(region, dict):
                        region.pop("snippet", None)
            message = result.get("message")
            if isinstance(message, dict) and isinstance(message.get("text"), str):
                literals.update(m.group(2) for m in _QUOTED_VALUE.finditer(message["text"]))
                message["text"] = mask_quoted(message["text"])
    return {v for v in literals if v != REDACTED}


_ACTIVE: Redactor | None = None


def active() -> Redactor:
    """The redactor of the scan in progress (the last one ``redact_log`` made), or one that
    knows no values yet (detectors and URL credentials only)."""
    global _ACTIVE
    if _ACTIVE is None:
        _ACTIVE = Redactor()
    return _ACTIVE


def redact_text(text: str) -> str:
    """The one function for whoever prints or writes free text outside the SARIF log
    (stderr notices, warnings, error messages, SBOM fields): the current scan's rule."""
    return active().text(text)


def redact_value(obj: Any) -> Any:
    """``redact_text`` for a whole tree (a report, a dict): see ``Redactor.walk``."""
    return active().tree(obj)


def redact_read_back(obj: Any) -> Any:
    """The rule over a file read back (a SARIF log as JSON, or a Report rebuilt from a
    scorecard), before any report is written from it: a forged log, or one written by an
    older shiftleft, may hold a secret in a message or snippet. Detectors and URL
    credentials apply (the scan's own engine values are not in the file), credential
    results lose their snippets, and the redactor becomes the active one, so whatever the
    command prints next is redacted with what it learned."""
    global _ACTIVE
    literals: set[str] = set()
    if isinstance(obj, dict):
        runs = obj.get("runs")
        literals = _mask_credential_dicts(runs if isinstance(runs, list) else [])
    redactor = Redactor((), literals)
    out = redactor.tree(obj)
    _ACTIVE = redactor
    return out


def redact_runs(runs: Iterable[sarif_om.Run], secret_hashes: Iterable[str]) -> Redactor:
    run_list = list(runs)
    redactor = Redactor(secret_hashes, _mask_credential_results(run_list))
    redactor.tree(run_list)
    return redactor


def redact_log(log: sarif_om.SarifLog, secret_hashes: Iterable[str],
               known_clean: Collection[bytes] = frozenset()) -> Redactor:  # fmt: skip
    """The rule over the whole log, its own properties included (scanner failure reasons
    quote tool output, which can echo a secret); the redactor stays active for the rest of
    the scan (report, history, notices). ``known_clean``: ``Redactor.known_clean``."""
    global _ACTIVE
    redactor = Redactor(secret_hashes, _mask_credential_results(log.runs or []), known_clean=known_clean)
    redactor.tree(log)
    _ACTIVE = redactor
    return redactor
