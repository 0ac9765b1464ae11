"""OWASP ZAP's traditional JSON and XML reports as one SARIF 2.1.0 run (docs/dast.md).

The input is what ``zap-baseline.py`` / ``zap-full-scan.py`` / ``zap-api-scan.py`` write
with ``-J`` (JSON) or ``-x`` (XML), and the automation framework's ``traditional-json`` /
``traditional-xml`` report templates: ``site[] -> alerts[] -> instances[]``.

Mapping (one SARIF result per alert *instance*):

- rule: ZAP's ``alertRef`` (``10020-1``), else its ``pluginid``: the id users know from
  ZAP's rules files; name, description, solution and references as plain text (HTML tags
  stripped, entities decoded), CWE (``cweid`` > 0) as GitHub's ``external/cwe/cwe-N`` tag,
  WASC id as ``WASC-N`` and in the properties;
- severity from ``riskcode`` (3 high, 2 medium, 1 low, 0 info), adjusted by ``confidence``:
  1 (low) lowers high and medium one step (low stays low: ZAP already says "low"),
  2 (medium), 3 (high) and 4 (user confirmed) keep it; 0 (false positive, set by a user in
  ZAP) keeps the result at info (level note), marked ``falsePositive`` and counted in a
  run notification: visible, never gating, never silently dropped;
- no physical location (DAST results have no source file): ``webRequest`` {method, target}
  and properties url, method, param, attack, evidence, otherInfo, site, pluginId, alertRef,
  riskcode, confidence, wascId;
- ``partialFingerprints``: a hash of (pluginId, alertRef, method, URL without query values,
  param) plus an occurrence counter, so two imports of one report (and two scans of an
  unchanged application) match; the message uses the same value-free URL;
- secrets: URL credentials (``user:pass@``), values of credential-like query parameters
  (token, session, api_key, ...), Cookie / Set-Cookie values, Authorization and other
  credential headers, bearer/basic tokens, JWTs and ``key=value`` pairs with a credential
  keyword are replaced by ``[REDACTED]`` here, and every value learned so is replaced
  wherever else it occurs in the run (the log-wide redaction runs later too);
- driver "OWASP ZAP", version from ``@version``; run properties ``generated`` (ZAP's
  ``@generated`` text), ``generatedUtc`` (ISO 8601: from ``created`` when ZAP wrote it,
  else ``@generated`` read as UTC, then ``generatedZoneAssumed``), ``sites`` and the
  false-positive count, so the importer can judge staleness.

Hostile input: at most ``MAX_REPORT_BYTES``, JSON nested at most ``MAX_DEPTH`` levels, XML
parsed with defusedxml only (no DTD, no entity declarations) within ``MAX_XML_ELEMENTS``
elements and ``MAX_DEPTH`` levels, at most ``MAX_INSTANCES`` instances, every text field
cut to a bounded length after redaction, every regex linear. Anything malformed or
unsupported is a ``ZapReportError`` (exit 2, one line). A report naming no site at all
(ZAP scanned nothing) is returned as an unsuccessful run, never as a clean one.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from shiftleft import isotime
from shiftleft.advisories.jsonsafe import depth_exceeds
from shiftleft.errors import ShiftleftError
from shiftleft.sarif import limits, redact

NAME = "zap"
TOOL_NAME = "OWASP ZAP"
INFORMATION_URI = "https://www.zaproxy.org/"
#: ZAP's page of every alert, by plugin id
ALERT_DOC_URI = "https://www.zaproxy.org/docs/alerts/{}/"
CATEGORY = "dast"
STAGE = "test"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"

#: a full scan of a large application, without requests/responses, is a few MB
MAX_REPORT_BYTES = 64 * 1024 * 1024
#: a ZAP report nests 5 levels (report, site, alerts, alert, instances, instance)
MAX_DEPTH = 32
MAX_XML_ELEMENTS = 2_000_000
#: alert instances of one report: as many results as one scanner run may have
MAX_INSTANCES = limits.MAX_RESULTS_PER_SCANNER
MAX_SITES = 10_000
#: characters kept of one free-text field (description, evidence...), after redaction
MAX_TEXT = 8_000
MAX_SHORT = 2_000
#: bytes looked at by ``looks_like``
SNIFF_BYTES = 8192

#: riskcode -> our severity
RISK_SEVERITY = {3: "high", 2: "medium", 1: "low", 0: "info"}
RISK_WORD = {3: "High", 2: "Medium", 1: "Low", 0: "Informational"}
CONFIDENCE_WORD = {0: "False Positive", 1: "Low", 2: "Medium", 3: "High", 4: "Confirmed"}
#: severity one step lower (confidence low)
_LOWER = {"high": "medium", "medium": "low", "low": "low", "info": "info"}
#: security-severity score of a word (shiftleft.severity.SCORE_FOR: the same bands)
_SCORE = {"critical": 9.5, "high": 8.0, "medium": 5.5, "low": 2.0, "info": 0.0}
_LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}

# --- redaction ---------------------------------------------------------------------------
#: names of parameters, cookies, headers and keys whose value is a credential
_CREDENTIAL_NAME = re.compile(
    r"(?i)(?:token|passw|pwd|secret|api[_-]?key|apikey|access[_-]?key|auth|session|sess[_-]?id|sessid|"
    r"^sid$|jwt|bearer|credential|csrf|xsrf|signature|^sig$|^code$|private[_-]?key|client[_-]?secret|cookie)"
)
_HEADER_LINE = re.compile(r"(?im)^([ \t]*)([A-Za-z][A-Za-z0-9_-]{0,80})([ \t]*:[ \t]*)([^\r\n]*)")
_COOKIE_PAIR = re.compile(r"([^=;,\s]{1,200})=([^;,\r\n]*)")
#: an authorization scheme and its credentials, in a header value
_AUTH_SCHEME = re.compile(r"(?i)(Bearer|Basic|Digest|Negotiate|NTLM|Token|ApiKey|AWS4-HMAC-SHA256)([ \t]+)")
_SCHEMES = frozenset({"bearer", "basic", "digest", "negotiate", "ntlm", "token", "apikey", "aws4-hmac-sha256"})
#: headers that name an authentication scheme, and hold no credential
_CHALLENGES = frozenset({"www-authenticate", "proxy-authenticate"})
#: the same in free text (evidence, other info): only schemes whose credential is one token
_AUTH_TOKEN = re.compile(r"(?i)\b(Bearer|Basic|Token)([ \t]+)([A-Za-z0-9._~+/=-]{8,4000})")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,4000}\.[A-Za-z0-9_-]{5,4000}\.[A-Za-z0-9_-]{0,4000}")
_KEY_VALUE = re.compile(
    r"""(?i)(["']?)([A-Za-z0-9_.-]{0,60}(?:token|passw|pwd|secret|api[_-]?key|apikey|access[_-]?key|auth|session|"""
    r"""sessid|jwt|credential|csrf|xsrf|signature|client[_-]?secret)[A-Za-z0-9_.-]{0,60})\1([ \t]*[=:][ \t]*)(["']?)"""
    r"""([^\s&;"'<>,}]{1,4000})"""
)
_PARAM_SPLIT = re.compile(r"([&;])")
_PATH_PARAM = re.compile(r";([^;/=?#]{1,200})=([^;/?#]*)")
#: a superset of what ``_KEY_VALUE`` needs, on the lower-cased text
_KEYWORD = re.compile(r"token|passw|pwd|secret|api[_-]?key|apikey|access[_-]?key|auth|session|sessid|jwt|credential|"
                      r"csrf|xsrf|signature")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,30}://[^\s'\"`<>()\[\]{}]{1,8000}")
_TAG = re.compile(r"<[^<>]{0,2000}>")
_BLOCK_TAG = re.compile(r"(?i)</?(?:p|br|li|ul|ol|div|tr|h[1-6])\b[^<>]{0,2000}>")
_METHOD_JUNK = re.compile(r"[^A-Za-z0-9_-]")
_PHASE = re.compile(r"(?m)^Phase: [A-Za-z ,]{1,80}$\n*")
_BLANKS = re.compile(r"[ \t\f\v]+")
_NEWLINES = re.compile(r"\n\s*\n+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
REDACTED = redact.REDACTED


class ZapReportError(ShiftleftError):
    """A ZAP report that cannot be read: malformed, refused by a bound, or not ZAP's."""


# --- sniffing ------------------------------------------------------------------------------
def _head(raw: bytes) -> bytes:
    head = raw[:SNIFF_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.lstrip()


def looks_like(raw: bytes) -> bool:
    """A ZAP traditional JSON report (an object with ``@version``/``@programName`` and
    ``site`` near its start) or XML report (root ``OWASPZAPReport``): a cheap sniff of the
    first bytes, no parsing."""
    head = _head(raw)
    if head.startswith(b"{"):
        return b'"site"' in head and (b'"@version"' in head or b'"@programName"' in head or b'"@generated"' in head)
    if head.startswith(b"<"):
        return b"<OWASPZAPReport" in head
    return False


# --- reading -------------------------------------------------------------------------------
@dataclass
class _Instance:
    uri: str = ""
    method: str = ""
    param: str = ""
    attack: str = ""
    evidence: str = ""
    otherinfo: str = ""


@dataclass
class _Alert:
    pluginid: str = ""
    alert_ref: str = ""
    name: str = ""
    riskcode: str = ""
    confidence: str = ""
    desc: str = ""
    solution: str = ""
    otherinfo: str = ""
    reference: str = ""
    cweid: str = ""
    wascid: str = ""
    instances: list[_Instance] = field(default_factory=list)


@dataclass
class _Site:
    name: str = ""
    alerts: list[_Alert] = field(default_factory=list)


@dataclass
class _Report:
    version: str = ""
    generated: str = ""
    created: str = ""
    program: str = ""
    sites: list[_Site] = field(default_factory=list)


def _text(value: Any, where: str) -> str:
    """A scalar field as text (ZAP writes numbers as strings; tolerate real numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise ZapReportError(f"ZAP report: {where} is not text")


def _list(value: Any, where: str) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, dict):  # a converter's one-element "list"
        return [value]
    if not isinstance(value, list):
        raise ZapReportError(f"ZAP report: {where} is not a list")
    return value


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ZapReportError(f"ZAP report: {where} is not an object")
    return value


def _from_json(raw: bytes) -> _Report:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except RecursionError:
        raise ZapReportError(f"ZAP report: JSON nested deeper than {MAX_DEPTH} levels; refused") from None
    except UnicodeDecodeError:
        raise ZapReportError("ZAP report: not UTF-8 text") from None
    except ValueError as exc:
        raise ZapReportError(f"ZAP report: not valid JSON ({str(exc)[:120]})") from None
    if depth_exceeds(data, MAX_DEPTH):
        raise ZapReportError(f"ZAP report: JSON nested deeper than {MAX_DEPTH} levels; refused")
    top = _obj(data, "the document")
    if "site" not in top:
        raise ZapReportError("ZAP report: no 'site' list (not a ZAP traditional JSON report)")
    report = _Report(
        _text(top.get("@version"), "@version"), _text(top.get("@generated"), "@generated"),
        _text(top.get("created"), "created"), _text(top.get("@programName"), "@programName"),
    )  # fmt: skip
    count = 0
    for i, raw_site in enumerate(_list(top.get("site"), "site")):
        site_obj = _obj(raw_site, f"site[{i}]")
        site = _Site(_text(site_obj.get("@name"), f"site[{i}].@name"))
        for j, raw_alert in enumerate(_list(site_obj.get("alerts"), f"site[{i}].alerts")):
            where = f"site[{i}].alerts[{j}]"
            a = _obj(raw_alert, where)
            alert = _Alert(
                pluginid=_text(a.get("pluginid"), f"{where}.pluginid"),
                alert_ref=_text(a.get("alertRef"), f"{where}.alertRef"),
                name=_text(a.get("alert") or a.get("name"), f"{where}.alert"),
                riskcode=_text(a.get("riskcode"), f"{where}.riskcode"),
                confidence=_text(a.get("confidence"), f"{where}.confidence"),
                desc=_text(a.get("desc"), f"{where}.desc"),
                solution=_text(a.get("solution"), f"{where}.solution"),
                otherinfo=_text(a.get("otherinfo"), f"{where}.otherinfo"),
                reference=_text(a.get("reference"), f"{where}.reference"),
                cweid=_text(a.get("cweid"), f"{where}.cweid"),
                wascid=_text(a.get("wascid"), f"{where}.wascid"),
            )
            for k, raw_inst in enumerate(_list(a.get("instances"), f"{where}.instances")):
                w = f"{where}.instances[{k}]"
                inst = _obj(raw_inst, w)
                alert.instances.append(_Instance(*(_text(inst.get(key), f"{w}.{key}") for key in _INSTANCE_KEYS)))
            count = _count(count, len(alert.instances))
            site.alerts.append(alert)
        report.sites.append(site)
    return report


_INSTANCE_KEYS = ("uri", "method", "param", "attack", "evidence", "otherinfo")


def _count(count: int, more: int) -> int:
    count += more
    if count > MAX_INSTANCES:
        raise ZapReportError(f"ZAP report: more than {MAX_INSTANCES} alert instances; refused")
    return count


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def all(self, tag: str) -> Iterator[_Node]:
        return (c for c in self.children if c.tag == tag)

    def value(self, tag: str) -> str:
        for child in self.children:
            if child.tag == tag:
                return "".join(child.text)
        return ""


class _Builder:
    """ElementTree parser target: a bounded tree of ``_Node``."""

    def __init__(self) -> None:
        self.stack: list[_Node] = []
        self.root: _Node | None = None
        self.count = 0
        self.chars = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.count += 1
        if self.count > MAX_XML_ELEMENTS:
            raise ZapReportError(f"ZAP report: more than {MAX_XML_ELEMENTS} XML elements; refused")
        if len(self.stack) >= MAX_DEPTH:
            raise ZapReportError(f"ZAP report: XML nested deeper than {MAX_DEPTH} levels; refused")
        node = _Node(tag.rpartition("}")[2], dict(attrs))
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)

    def end(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def data(self, text: str) -> None:
        if self.stack:
            self.stack[-1].text.append(text)

    def close(self) -> _Node | None:
        return self.root


def _from_xml(raw: bytes) -> _Report:
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    try:
        parser.feed(raw)
        root = parser.close()
    except DefusedXmlException as exc:
        why = type(exc).__name__
        raise ZapReportError(f"ZAP report: XML with a DTD or entity declarations ({why}); refused") from None
    except SyntaxError as exc:  # ElementTree's ParseError
        raise ZapReportError(f"ZAP report: not well-formed XML ({str(exc)[:120]})") from None
    if not isinstance(root, _Node) or root.tag != "OWASPZAPReport":
        raise ZapReportError("ZAP report: the XML root is not OWASPZAPReport")
    report = _Report(root.attrs.get("version", ""), root.attrs.get("generated", ""), root.attrs.get("created", ""),
                     root.attrs.get("programName", ""))  # fmt: skip
    count = 0
    for site_node in root.all("site"):
        site = _Site(site_node.attrs.get("name", ""))
        for alerts in site_node.all("alerts"):
            for item in alerts.all("alertitem"):
                alert = _Alert(
                    pluginid=item.value("pluginid"), alert_ref=item.value("alertRef"),
                    name=item.value("alert") or item.value("name"), riskcode=item.value("riskcode"),
                    confidence=item.value("confidence"), desc=item.value("desc"), solution=item.value("solution"),
                    otherinfo=item.value("otherinfo"), reference=item.value("reference"),
                    cweid=item.value("cweid"), wascid=item.value("wascid"),
                )  # fmt: skip
                for instances in item.all("instances"):
                    for inst in instances.all("instance"):
                        alert.instances.append(_Instance(*(inst.value(key) for key in _INSTANCE_KEYS)))
                if not alert.instances and item.value("uri"):  # ZAP before 2.7: one instance in the item
                    alert.instances.append(_Instance(*(item.value(key) for key in _INSTANCE_KEYS)))
                count = _count(count, len(alert.instances))
                site.alerts.append(alert)
        report.sites.append(site)
    return report


def parse(raw: bytes) -> _Report:
    """The report's sites, alerts and instances (ZapReportError when refused)."""
    if not isinstance(raw, (bytes, bytearray)):
        raise ZapReportError("ZAP report: not bytes")
    if len(raw) > MAX_REPORT_BYTES:
        raise ZapReportError(f"ZAP report: larger than {MAX_REPORT_BYTES // (1024 * 1024)} MB; refused")
    head = _head(bytes(raw))
    if head.startswith((b"{", b"[")):
        report = _from_json(bytes(raw))
    elif head.startswith(b"<"):
        report = _from_xml(bytes(raw))
    else:
        raise ZapReportError("ZAP report: neither ZAP's JSON nor its XML report")
    if len(report.sites) > MAX_SITES:
        raise ZapReportError(f"ZAP report: more than {MAX_SITES} sites; refused")
    return report


# --- text ------------------------------------------------------------------------------------
def plain(text: str, limit: int | None = MAX_TEXT) -> str:
    """ZAP's HTML-ish description text as plain text: block tags become line breaks, other
    tags go, entities are decoded, and tags that decoding revealed go too (nothing is ever
    rendered as HTML); control characters removed; blank runs folded; cut to ``limit``
    (None: not cut, for text that is redacted before it is cut)."""
    if "<" in text or "&" in text:
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub("", text)
        text = html.unescape(text)
        text = _TAG.sub("", text)
    return _tidy(text, limit)


def _verbatim(text: str, limit: int = MAX_TEXT) -> str:
    """Evidence and attack strings as ZAP gave them (their spaces matter), without control
    characters, cut to ``limit``."""
    return _cut(_CONTROL.sub("", text), limit)


def _cut(text: str, limit: int = MAX_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tidy(text: str, limit: int | None) -> str:
    if text.isprintable() and "  " not in text and text == text.strip():  # the usual case: nothing to do
        return text if limit is None else _cut(text, limit)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_BLANKS.sub(" ", line).strip() for line in text.split("\n")]
    text = _NEWLINES.sub("\n\n", "\n".join(lines)).strip()
    return text if limit is None else _cut(text, limit)


class _Secrets:
    """The credential values of one report: found by the rules of the module docstring,
    then replaced wherever they occur (a redactor without detectors: the log-wide one runs
    them later)."""

    def __init__(self) -> None:
        self.values: set[str] = set()
        self._redactor: redact.Redactor | None = None

    def _learn(self, value: str) -> str:
        value = value.strip().strip("\"'")
        if value and value != REDACTED and len(value) >= 3:
            self.values.add(value)
            self._redactor = None
        return REDACTED

    def url(self, url: str) -> str:
        """A URL without its userinfo credentials and with the values of credential-like
        query (and fragment) parameters replaced."""
        try:
            parts = urlsplit(url)
        except ValueError:  # a malformed authority ("[" without "]"): by hand
            return self._broken_url(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, _, host = netloc.rpartition("@")
            self._learn(userinfo.partition(":")[2] or userinfo)
            netloc = f"{REDACTED}@{host}"
        path = _PATH_PARAM.sub(self._path_param, parts.path)
        query = self._params(parts.query)
        fragment = self._params(parts.fragment) if "=" in parts.fragment else parts.fragment
        try:
            return urlunsplit((parts.scheme, netloc, path, query, fragment))
        except ValueError:
            return self._broken_url(url)

    def _broken_url(self, url: str) -> str:
        """A URL ``urlsplit`` refuses: userinfo, path parameters and query values by hand."""
        head, q, rest = url.partition("?")
        scheme, sep, tail = head.partition("://")
        if sep and "@" in tail.split("/", 1)[0]:
            userinfo, _, tail = tail.partition("@")
            self._learn(userinfo.partition(":")[2] or userinfo)
            tail = f"{REDACTED}@{tail}"
        head = f"{scheme}{sep}{_PATH_PARAM.sub(self._path_param, tail)}"
        return head + q + self._params(rest.replace("#", "&", 1)) if q else head

    def _path_param(self, m: re.Match[str]) -> str:
        """``;jsessionid=...`` in a path (URL rewriting)."""
        if m.group(2) and _CREDENTIAL_NAME.search(m.group(1)):
            return f";{m.group(1)}={self._learn(m.group(2))}"
        return m.group(0)

    def _params(self, query: str) -> str:
        if not query:
            return query
        out = []
        for pair in _PARAM_SPLIT.split(query):
            name, eq, value = pair.partition("=")
            if eq and value and _CREDENTIAL_NAME.search(unquote(name)):  # api%5Fkey is api_key
                self._learn(value)
                value = REDACTED
            out.append(f"{name}{eq}{value}")
        return "".join(out)

    def text(self, text: str) -> str:
        """Free text (evidence, other info, attack): credential headers, cookies, auth
        schemes, JWTs, credential ``key=value`` pairs and URLs."""
        if not text:
            return text
        # cheap gates first: most evidence has none of these (a regex run costs ~30 us)
        if ":" in text:
            text = _HEADER_LINE.sub(self._header, text)
        lower = text.lower()
        if "bearer" in lower or "basic" in lower or "token" in lower:
            text = _AUTH_TOKEN.sub(self._auth_token, text)
        if "eyJ" in text:
            text = _JWT.sub(lambda m: self._learn(m.group(0)), text)
        if ("=" in text or ":" in text) and _KEYWORD.search(lower):
            text = _KEY_VALUE.sub(self._key_value, text)
        return _URL.sub(lambda m: self.url(m.group(0)), text) if "://" in text else text

    def _header(self, m: re.Match[str]) -> str:
        indent, name, sep, value = m.group(1), m.group(2), m.group(3), m.group(4)
        lower = name.lower()
        if lower == "cookie":
            value = _COOKIE_PAIR.sub(self._cookie, value)
        elif lower == "set-cookie":  # its first pair only: Path=/, Domain=... are attributes
            first, semi, attributes = value.partition(";")
            value = _COOKIE_PAIR.sub(self._cookie, first) + semi + attributes
        elif _CREDENTIAL_NAME.search(name) and lower not in _CHALLENGES and value.strip():
            scheme = _AUTH_SCHEME.match(value.strip())
            value = f"{scheme.group(1)} {self._learn(value.strip()[scheme.end():])}" if scheme else self._learn(value)
        return f"{indent}{name}{sep}{value}"

    def _key_value(self, m: re.Match[str]) -> str:
        value = m.group(5)
        if value.startswith(REDACTED) or value.lower() in _SCHEMES:  # done, or "Authorization: Bearer <token>"
            return m.group(0)
        return f"{m.group(1)}{m.group(2)}{m.group(1)}{m.group(3)}{m.group(4)}{self._learn(value)}"

    def _auth_token(self, m: re.Match[str]) -> str:
        """``Bearer <token>`` / ``Basic <base64>`` in prose: a credential when it looks like
        one (Basic: base64 of ``user:pass``; others: not a plain word)."""
        token = m.group(3)
        if m.group(1).lower() == "basic":
            try:
                is_credential = b":" in base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
            except ValueError:
                is_credential = False
        else:
            is_credential = not token.isalpha() or redact.is_strong(token)
        return f"{m.group(1)}{m.group(2)}{self._learn(token)}" if is_credential else m.group(0)

    def _cookie(self, m: re.Match[str]) -> str:
        return f"{m.group(1)}={self._learn(m.group(2)) if m.group(2).strip() else m.group(2)}"

    def everywhere(self, text: str) -> str:
        """Every learned value of at least 8 characters replaced wherever it occurs in
        ``text`` (shorter ones are replaced only where they were found: as a bare word
        they would hit ordinary text)."""
        if not text or not self.values:
            return text
        if self._redactor is None:
            self._redactor = redact.Redactor(values=(), detect=False)
            self._redactor.add(sorted(v for v in self.values if len(v) >= redact.STRONG_MIN_LENGTH), distinctive=True)
        return self._redactor.text(text)


def stable_url(url: str) -> str:
    """The URL as the fingerprint and the message use it: no userinfo, no fragment, query
    parameter names kept (sorted) and their values, and those of ``;name=value`` path
    parameters (volatile: cache busters, nonces, attack payloads, tokens), replaced by ``*``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return _PATH_PARAM.sub(lambda m: f";{m.group(1)}=*", url.split("?", 1)[0].split("#", 1)[0].rpartition("@")[2])
    host = parts.netloc.rpartition("@")[2]
    path = _PATH_PARAM.sub(lambda m: f";{m.group(1)}=*", parts.path)
    names = sorted({p.partition("=")[0] for p in _PARAM_SPLIT.split(parts.query)[::2] if p})
    query = "&".join(f"{n}=*" for n in names)
    try:
        return urlunsplit((parts.scheme.lower(), host.lower(), path, query, ""))
    except ValueError:
        return _PATH_PARAM.sub(lambda m: f";{m.group(1)}=*", url.split("?", 1)[0].rpartition("@")[2])


# --- mapping ---------------------------------------------------------------------------------
def _int(text: str, default: int | None = None) -> int | None:
    text = text.strip()
    if text.lstrip("-").isdigit() and len(text) < 10:
        return int(text)
    return default


def severity_of(riskcode: int | None, confidence: int | None) -> str:
    """Our severity of one alert: its risk, one step lower at low confidence, info when a
    user marked it a false positive."""
    base = RISK_SEVERITY.get(riskcode if riskcode is not None else -1, "medium")
    if confidence == 0:
        return "info"
    if confidence == 1:
        return _LOWER[base]
    return base


_ZAP_ID = re.compile(r"\d{1,9}(?:-\d{1,4})?")


def _rule_id(alert: _Alert) -> str:
    ref = alert.alert_ref.strip()
    plugin = alert.pluginid.strip()
    return _tidy(ref or plugin or "unknown", 100).replace(" ", "_") or "unknown"


def _references(text: str) -> list[str]:
    return [m.group(0).rstrip(".,") for m in _URL.finditer(html.unescape(text))][:20]


def _rule(rule_id: str, alert: _Alert) -> dict[str, Any]:
    name = plain(alert.name, 300) or f"ZAP alert {rule_id}"
    desc = plain(alert.desc) or name
    # ZAP's CWE-derived solutions open with "Phase: Architecture and Design" headings: not a fix
    solution = _PHASE.sub("", plain(alert.solution)).strip()
    reference = plain(alert.reference)
    help_text = desc
    if solution:
        help_text += f"\n\nSolution: {solution}"
    if reference:
        help_text += f"\n\nReferences:\n{reference}"
    tags = ["security", "dast"]
    props: dict[str, Any] = {"tags": tags, "pluginId": plain(alert.pluginid, 100)}
    cwe = _int(alert.cweid)
    if cwe is not None and cwe > 0:
        tags.append(f"external/cwe/cwe-{cwe}")
        props["cwe"] = f"CWE-{cwe}"
    wasc = _int(alert.wascid)
    if wasc is not None and wasc > 0:
        tags.append(f"WASC-{wasc}")
        props["wascId"] = wasc
    refs = _references(alert.reference)
    help_uri = ALERT_DOC_URI.format(rule_id) if _ZAP_ID.fullmatch(rule_id) else (refs[0] if refs else None)
    rule: dict[str, Any] = {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": name},
        "fullDescription": {"text": desc},
        "help": {"text": help_text},
        "properties": props,
    }
    if help_uri:
        rule["helpUri"] = help_uri
    return rule


def _fingerprint(alert: _Alert, method: str, url: str, param: str) -> str:
    key = "\0".join((alert.pluginid.strip(), alert.alert_ref.strip(), method, stable_url(url), param))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                        "dec"), start=1)}  # fmt: skip
#: ZAP's ``@generated``: "Tue, 1 Dec 2026 10:15:42" (Java's RFC 1123 style, without a zone)
_GENERATED = re.compile(r"(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})")


def _generated_utc(report: _Report) -> tuple[str | None, bool]:
    """ISO 8601 UTC time of the report, and whether its zone was assumed: ``created`` (an
    ISO time newer ZAP versions write) when there is one, else ``@generated``, which has no
    zone (ZAP writes the host's local time; CI containers run in UTC) and is read as UTC."""
    for text in (report.created, report.generated):
        moment = isotime.parse(text[:100]) if text and "T" in text else None
        if moment is not None:
            return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), False
    match = _GENERATED.fullmatch(report.generated.strip()[:100])
    month = _MONTHS.get(match.group(2).lower()) if match else None
    if match and month:
        try:
            day, year, hour, minute, second = (int(match.group(i)) for i in (1, 3, 4, 5, 6))
            moment = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        except ValueError:
            return None, False
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ"), True
    return None, False


def to_sarif(raw: bytes, *, source: str) -> dict[str, Any]:
    """One SARIF 2.1.0 log with one run of the ZAP report in ``raw`` (see the module
    docstring); ``source`` names the file in notifications. ZapReportError (exit 2) when
    the report is malformed, refused by a bound or not ZAP's."""
    report = parse(raw)
    secrets = _Secrets()
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    false_positives = 0
    src = plain(source, 300)
    for site in report.sites:
        site_name = secrets.url(plain(site.name, MAX_SHORT))
        for alert in site.alerts:
            rule_id = _rule_id(alert)
            if rule_id not in rules:
                rules[rule_id] = _rule(rule_id, alert)
            risk = _int(alert.riskcode)
            confidence = _int(alert.confidence)
            severity = severity_of(risk, confidence)
            # its own name: an old report without alertRef gives several alerts one plugin id
            alert_name = plain(alert.name, 300) or rules[rule_id]["name"]
            alert_other = _cut(secrets.text(plain(alert.otherinfo, None)))
            for inst in alert.instances:
                raw_url = _tidy(inst.uri, None)
                url = _cut(secrets.url(raw_url), MAX_SHORT)
                method = _METHOD_JUNK.sub("", inst.method[:100])[:20].upper() or "GET"
                param = _cut(secrets.text(_tidy(inst.param, None)), 300)
                evidence = _verbatim(secrets.text(inst.evidence))
                if evidence and not any(c.isspace() for c in evidence) and _CREDENTIAL_NAME.search(param):
                    # one token: the value of a session / token parameter (ZAP's "Session ID in URL
                    # Rewrite"); "Set-Cookie: JSESSIONID" of the cookie alerts is a name, kept
                    secrets._learn(evidence)
                    evidence = REDACTED
                attack = _verbatim(secrets.text(inst.attack))
                other = _cut(secrets.text(plain(inst.otherinfo, None))) or alert_other
                digest = _fingerprint(alert, method, raw_url, _tidy(inst.param, 300))
                seen[digest] = seen.get(digest, 0) + 1
                where = stable_url(url)
                text = f"{alert_name}: {method} {where}" + (f" (parameter {param})" if param else "")
                if confidence == 0:
                    false_positives += 1
                    text = f"{text} [marked false positive in ZAP]"
                props: dict[str, Any] = {
                    "url": url, "method": method, "param": param, "attack": attack, "evidence": evidence,
                    "otherInfo": other, "site": site_name, "pluginId": plain(alert.pluginid, 100),
                    "alertRef": plain(alert.alert_ref, 100), "riskcode": risk,
                    "risk": RISK_WORD.get(risk if risk is not None else -1, plain(alert.riskcode, 40)),
                    "confidence": CONFIDENCE_WORD.get(confidence if confidence is not None else -1,
                                                      plain(alert.confidence, 40)),
                    "zapSeverity": severity, "security-severity": f"{_SCORE[severity]:.1f}",
                }  # fmt: skip
                if confidence == 0:
                    props["falsePositive"] = True
                for key in ("wascId", "cwe"):
                    if key in rules[rule_id]["properties"]:
                        props[key] = rules[rule_id]["properties"][key]
                results.append(
                    {
                        "ruleId": rule_id,
                        "level": _LEVEL[severity],
                        "message": {"text": text},
                        "webRequest": {"method": method, "target": url},
                        "partialFingerprints": {
                            "primaryLocationLineHash": f"{digest}:{seen[digest]}",
                            "zapAlertInstance/v1": f"{digest}:{seen[digest]}",
                        },
                        "properties": {k: v for k, v in props.items() if v not in ("", None)},
                    }
                )
    # values learned late (a cookie in the 100th instance) also leave the earlier results
    for result in results:
        props = result["properties"]
        for key in ("url", "param", "attack", "evidence", "otherInfo"):
            if key in props:
                props[key] = secrets.everywhere(props[key])
        result["message"]["text"] = secrets.everywhere(result["message"]["text"])
        result["webRequest"]["target"] = secrets.everywhere(result["webRequest"]["target"])
    notes: list[dict[str, Any]] = []
    if false_positives:
        notes.append(_note(f"{src}: {false_positives} alert instance(s) marked false positive in ZAP are kept at "
                           "severity info (level note): no severity threshold counts them", "note"))  # fmt: skip
    sites = [secrets.everywhere(secrets.url(plain(s.name, MAX_SHORT))) for s in report.sites]
    success = bool(report.sites)
    if not success:
        notes.append(_note(f"{src}: the ZAP report names no site: ZAP scanned nothing, so nothing is assessed"))
    run_props: dict[str, Any] = {"sites": sites, "falsePositives": false_positives, "format": "zap-traditional"}
    if report.generated:
        run_props["generated"] = plain(report.generated, 100)
    stamp, assumed = _generated_utc(report)
    if stamp:
        run_props["generatedUtc"] = stamp
        if assumed:
            run_props["generatedZoneAssumed"] = True
    if report.program:
        run_props["programName"] = plain(report.program, 100)
    invocation: dict[str, Any] = {"executionSuccessful": success}
    if stamp and not assumed:
        invocation["endTimeUtc"] = stamp
    if notes:
        invocation["toolExecutionNotifications"] = notes
    driver: dict[str, Any] = {"name": TOOL_NAME, "informationUri": INFORMATION_URI, "rules": list(rules.values())}
    version = plain(report.version, 100)
    if version:
        driver["version"] = version
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "results": results,
        "properties": run_props,
    }
    return {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _note(text: str, level: str = "error") -> dict[str, Any]:
    return {"level": level, "message": {"text": text}}
