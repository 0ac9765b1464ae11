"""detect-secrets' own plugins, run as a library over one line of output text.

This is the redactor's last line of defence: whichever scanners ran, every free-text line
of every output goes through the real detector (the plugins the code stage runs), so a
secret that a build-only scan's checkov snippet shows, or that sits on the line after the
one the secrets engine flagged, is still recognised. What is ours: which values to take
from a plugin's match and the bounds; what counts as a secret is detect-secrets'.

- Regex plugins report their capture group, which is not always the secret (the GitHub
  plugin captures only ``ghp``): a group that starts the match is a prefix, so the whole
  match is taken; a group inside it (the AWS secret key after ``aws_secret_access_key =``)
  is the value.
- Entropy and keyword plugins report the value; detect-secrets' value filters (uuid,
  sequential, templated, ``$VAR``, not alphanumeric) drop the same false positives as in
  the code stage. The allowlist pragma is *not* honoured: a repository may silence a
  finding, not keep its value in our outputs.
- Output text is not source code: a value is often unquoted (``ENV KEY=value`` in a
  Dockerfile snippet, a token glued into a message). So the base64 entropy plugin also
  runs in its eager, unquoted mode (detect-secrets' adhoc ``scan --string`` mode), keeping
  its 4.5 limit, on runs with a digit, cut at ``=`` (``KEY=value`` gives the value) and,
  inside a URL, at ``/`` and ``.`` (a reference link's path is not a secret; a token that is
  one path segment or query value still is); and
  file content (snippets) of a type the keyword plugin has no syntax for (Dockerfile,
  shell, ``.env``...) also gets the keyword plugin with config syntax (``KEY=value``).
- ``IPPublicDetector`` is not run: an IP address is not a credential, and replacing every
  address in advisory texts and messages would corrupt them.
- Bounds: a line is cut into windows of ``WINDOW`` characters overlapping by ``OVERLAP``
  (longer than any value a plugin matches in one piece), so the regexes see bounded input;
  a cheap ``GATE`` regex, a superset of what every plugin can match, skips lines no plugin
  can fire on (it is used only with the plugin set it was derived from).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: characters of one window handed to the plugins, and the overlap between windows
WINDOW = 2000
OVERLAP = 400
PRIVATE_KEY_TYPE = "Private Key"
_ASSIGNMENT_EQUALS = re.compile(r"=(?!=*$)")
#: a URL up to the first character that cannot be in one unescaped (bounded: linear scan)
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,30}://[^\s'\"`<>()\[\]{}]*")
#: a name whose file type gives the keyword plugin its config syntax (unquoted values)
CONFIG_FILENAME = "content.ini"
_SKIPPED_PLUGINS = frozenset({"IPPublicDetector"})
#: the plugins GATE was derived from (detect-secrets 1.5); any other set disables the gate
GATED_PLUGINS = frozenset({
    "ArtifactoryDetector", "AWSKeyDetector", "AzureStorageKeyDetector", "BasicAuthDetector", "CloudantDetector",
    "DiscordBotTokenDetector", "GitHubTokenDetector", "GitLabTokenDetector", "Base64HighEntropyString",
    "HexHighEntropyString", "IbmCloudIamDetector", "IbmCosHmacDetector", "JwtTokenDetector", "KeywordDetector",
    "MailchimpDetector", "NpmDetector", "OpenAIDetector", "PrivateKeyDetector", "PypiTokenDetector",
    "SendGridDetector", "SlackDetector", "SoftlayerDetector", "SquareOAuthDetector", "StripeDetector",
    "TelegramBotTokenDetector", "TwilioKeyDetector",
})  # fmt: skip


#: files whose ``rev:`` values are commit ids by their format's definition (pre-commit's
#: config: ``pre-commit autoupdate --freeze`` pins every hook repository to a 40-hex sha)
COMMIT_PIN_FILES = frozenset({".pre-commit-config.yaml", ".pre-commit-config.yml", ".pre-commit-hooks.yaml"})
#: the secret types a commit id looks like to an entropy plugin
COMMIT_PIN_TYPES = frozenset({"Hex High Entropy String", "Base64 High Entropy String"})
#: ``rev: <sha>`` (also as the first key of a list item), quoted or not, a comment allowed:
#: a full SHA-1 or SHA-256 object id and nothing else (a tag or any other value is judged as usual)
_REV_PIN = re.compile(r"""\s*(?:-\s+)?rev\s*:\s*(['"]?)(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})\1\s*(?:#.*)?""")


def is_commit_pin(filename: str, line: str, secret_type: str) -> bool:
    """Is a secrets finding of ``secret_type`` on ``line`` of ``filename`` a commit id that
    a pre-commit config pins (``rev: 0123...``), not a secret? The one place this class of
    false positive is recognised (every commit of a repository with a frozen config failed
    on it); nothing but an entropy finding on a line that is exactly such a pin matches."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return secret_type in COMMIT_PIN_TYPES and name in COMMIT_PIN_FILES and bool(_REV_PIN.fullmatch(line[:300]))


@dataclass(frozen=True)
class Detected:
    """One value a plugin recognised in a line."""

    value: str
    secret_type: str
    #: recognised by its format (a regex plugin: AKIA..., ghp_...) or its entropy, rather
    #: than by the keyword before it: then it is never an ordinary word
    distinctive: bool = False


@dataclass
class _Engine:
    plugins: list[Any]
    gate: re.Pattern[str] | None


def _gate(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """A line some plugin can match has one of: a keyword of the keyword plugin; ``://``
    (basic auth, URL forms); a key header; the short prefixes (``xox``, ``eyJ``,
    ``_authToken``, artifactory's ``AKC``/``AP``); a run of 16 token characters (every
    format token: 20+ characters; a base64 string above entropy 4.5 needs 23 distinct
    characters); or a run of 9 with a digit (a hex string above entropy 3.0 needs 9
    distinct characters of 0-9a-f, so at least 3 digits)."""
    run = r"[A-Za-z0-9+/=_\-]"
    return re.compile(
        "(?i:" + "|".join(keywords) + ")"
        r"|://|PRIVATE KEY|SSH2|PuTTY|xox|eyJ|_authToken|AKC|AP[0-9A-F]"
        rf"|{run}{{16}}|(?={run}*[0-9]){run}{{9}}"
    )


@lru_cache(maxsize=1)
def _engine() -> _Engine:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    from detect_secrets.plugins.keyword import DENYLIST

    classes: list[Any] = list(get_mapping_from_secret_type_to_class().values())
    plugins = [cls() for cls in classes if cls.__name__ not in _SKIPPED_PLUGINS]
    names = {type(p).__name__ for p in plugins}
    return _Engine(plugins, _gate(tuple(DENYLIST)) if names == GATED_PLUGINS else None)


#: the thread ``prewarm`` started (None: not started)
_WARMING: threading.Thread | None = None
_WARMING_LOCK = threading.Lock()


def prewarm() -> None:
    """Build the engine (import detect-secrets, instantiate its plugins) in a background
    thread: the pipeline calls this as its scanners start, so the redactor finds it ready
    when they finish instead of paying for it after them. Only a head start: ``available``
    and ``scan_line`` wait for it, and an engine that cannot be built is reported by them."""
    global _WARMING
    with _WARMING_LOCK:
        if _WARMING is not None or _engine.cache_info().currsize:
            return
        _WARMING = threading.Thread(target=_warm, name="shiftleft-detectors", daemon=True)
        _WARMING.start()


def _warm() -> None:
    try:
        _engine()
    except Exception:  # noqa: BLE001, S110 - reported by available() when the redactor asks
        pass


def _wait_for_prewarm() -> None:
    warming = _WARMING
    if warming is not None and warming is not threading.current_thread():
        warming.join()


def available() -> bool:
    _wait_for_prewarm()
    try:
        _engine()
    except Exception:  # noqa: BLE001 - detect-secrets missing or broken: the caller degrades, visibly
        return False
    return True


@lru_cache(maxsize=1)
def identity() -> bytes:
    """What a line's verdict depends on besides the line: this module's code, shiftleft's
    and detect-secrets' versions (b"" when detect-secrets is not installed). A verdict
    remembered across scans (the redactor's clean lines) is keyed by it."""
    import hashlib
    import importlib.metadata
    from pathlib import Path

    from shiftleft import __version__

    try:
        engine_version = importlib.metadata.version("detect-secrets")
        own = Path(__file__).read_bytes()
    except (importlib.metadata.PackageNotFoundError, OSError):
        return b""
    return hashlib.sha256(b"\0".join((b"detectors/1", __version__.encode(), engine_version.encode(), own))).digest()


def _windows(line: str) -> Iterator[str]:
    if len(line) <= WINDOW:
        yield line
        return
    step = WINDOW - OVERLAP
    for start in range(0, len(line) - OVERLAP, step):
        yield line[start : start + WINDOW]


def _regex_values(plugin: Any, text: str) -> Iterator[str]:
    for regex in plugin.denylist:
        for match in regex.finditer(text):
            groups = [i for i in range(1, (regex.groups or 0) + 1) if match.group(i)]
            inner = [i for i in groups if match.start(i) > match.start()]
            if inner:
                yield max((match.group(i) for i in inner), key=len)
            else:
                yield match.group(0)


def _entropy_values(plugin: Any, text: str) -> Iterator[str]:
    """What the entropy plugin's ``analyze_line`` yields (quoted strings above its limit),
    without computing the entropy of strings too short to reach it: n characters have at
    most log2(n) bits each."""
    shortest = int(2 ** float(plugin.entropy_limit)) + 1
    for value in plugin.analyze_string(text):
        if len(value) >= shortest and plugin.calculate_shannon_entropy(value) > plugin.entropy_limit:
            yield value


def _kept(value: str) -> bool:
    from detect_secrets.filters import heuristic

    return not (
        heuristic.is_sequential_string(value)
        or heuristic.is_potential_uuid(value)
        or heuristic.is_templated_secret(value)
        or heuristic.is_prefixed_with_dollar_sign(value)
        or heuristic.is_not_alphanumeric_string(value)
    )


@lru_cache(maxsize=256)
def _untyped(filename: str) -> bool:
    from detect_secrets.util.filetype import FileType, determine_file_type

    return bool(determine_file_type(filename) == FileType.OTHER)


def _config_like(plugin: Any, filename: str) -> bool:
    from detect_secrets.plugins.keyword import KeywordDetector

    return isinstance(plugin, KeywordDetector) and _untyped(filename or "output.txt")


def _eager_values(plugin: Any, text: str) -> Iterator[str]:
    """Unquoted runs of the base64 charset, which includes ``=``: a run is cut at every
    ``=`` but its trailing padding, so ``KEY=value`` yields the value, not the key."""
    with plugin.non_quoted_string_regex(is_exact_match=False):
        runs = list(plugin.analyze_string(_URL.sub(_url_segments, text)))
    shortest = int(2 ** float(plugin.entropy_limit)) + 1
    for run in runs:
        for value in _ASSIGNMENT_EQUALS.split(run):
            if (
                len(value) >= shortest
                and any(c.isdigit() for c in value)
                and plugin.calculate_shannon_entropy(value) > plugin.entropy_limit
            ):
                yield value


def _url_segments(match: re.Match[str]) -> str:
    """A URL with its ``/`` and ``.`` made separators for the unquoted mode: the path of
    ``https://owasp.org/www-project-.../18-Testing_for_...`` is one long run of the base64
    charset (``/``, ``-``, ``_``, digits) above the entropy limit, and taking it for a
    secret rewrote every reference link. Each segment is still judged on its own, so a
    token that is a path segment or a query value is still found; and the regex plugins
    see the URL unchanged."""
    return match.group(0).replace("/", " ").replace(".", " ")


def scan_line(line: str, filename: str = "output.txt", *, content: bool = False) -> list[Detected]:
    """The values detect-secrets' plugins recognise in one line. ``filename`` only selects
    the keyword plugin's syntax (YAML ``key: value``, ``.env`` ``KEY=value``...);
    ``content``: the line is file content (a snippet), see the module docstring."""
    from detect_secrets.plugins.base import RegexBasedDetector
    from detect_secrets.plugins.basic_auth import BasicAuthDetector
    from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString, HighEntropyStringsPlugin
    from detect_secrets.plugins.keyword import KeywordDetector

    engine = _engine()
    found: dict[str, Detected] = {}
    for window in _windows(line):
        if engine.gate is not None and not engine.gate.search(window):
            continue
        for plugin in engine.plugins:
            if isinstance(plugin, RegexBasedDetector):
                values: Iterator[str] = _regex_values(plugin, window)
            elif isinstance(plugin, HighEntropyStringsPlugin):
                found_here = list(_entropy_values(plugin, window))
                if isinstance(plugin, Base64HighEntropyString):
                    found_here += _eager_values(plugin, window)
                values = (v for v in found_here if _kept(v))
            else:
                names = [filename, CONFIG_FILENAME] if content and _config_like(plugin, filename) else [filename]
                secrets = [s for name in names for s in plugin.analyze_line(filename=name, line=window, line_number=1)]
                values = (str(s.secret_value) for s in secrets if s.secret_value and _kept(str(s.secret_value)))
            distinctive = not isinstance(plugin, (KeywordDetector, BasicAuthDetector))
            for value in values:
                if value and value not in found:
                    found[value] = Detected(value, str(plugin.secret_type), distinctive)
    return list(found.values())
