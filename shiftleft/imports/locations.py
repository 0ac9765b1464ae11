"""An imported SARIF run brought to what normalization expects of a tool's native run.

Pure functions on the run's JSON (no file is opened here or for any URI it holds):

* **URIs relative to the scanned root**: ``file://`` and absolute paths under the root, and a
  ``uriBaseId`` the run's ``originalUriBaseIds`` resolves, become root-relative; a bare
  ``%SRCROOT%``-style base the run does not define is taken as the root. A URI that resolves
  outside the root (``..``, another absolute path, another scheme such as ``https:``) is
  never kept as a file location: the location becomes a logical one naming it, and the
  result says ``properties.outsideRoot: true`` (never read, never used to open a file);
* **rules where normalization finds them**: rules of ``tool.extensions`` (CodeQL's query
  packs) join the driver's; CWE relationships of rules and CWE taxa of results become the
  tags / ``cwe`` property ``sarif.taxonomy`` reads; a rule's ``security-severity`` (GitHub's
  property) is the result's when the result has none;
* **a place for a DAST alert**: a result with no location but a ``webRequest`` gets a logical
  location naming its target URL (never a physical one);
* **no verdict of the tool's**: suppressions and ``baselineState`` are dropped (waivers,
  inline policy and the baseline are shiftleft's; ``sarif.ingest`` drops the rest).
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from shiftleft.sarif import uris

#: how many ``uriBaseId`` links are followed in ``originalUriBaseIds``
MAX_BASE_CHAIN = 8
#: characters of an outside-root URI kept in its logical location
MAX_NAME = 500


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def prepare(run: dict[str, Any], root: Path) -> tuple[dict[str, Any], int]:
    """A copy of ``run`` made ready for ``om.run_from_dict`` and ``normalize_run``; and how
    many results were placed outside the root."""
    run = json.loads(json.dumps(run))  # a copy (JSON data: faster than copy.deepcopy)
    tops = _tops(root)
    _merge_extension_rules(run)
    rules = _dicts(run["tool"]["driver"].get("rules"))
    by_id = {r.get("id"): r for r in rules if isinstance(r.get("id"), str)}
    for rule in rules:
        _relationship_tags(rule)
    bases = _obj(run.get("originalUriBaseIds"))
    outside = 0
    for result in _dicts(run.get("results")):
        result.pop("suppressions", None)
        result.pop("baselineState", None)
        props = _obj(result.get("properties"))
        found = by_id.get(result.get("ruleId")) or by_id.get(_obj(result.get("rule")).get("id"))
        rule_props = _obj(found.get("properties")) if found else {}
        if "security-severity" not in props and rule_props.get("security-severity") not in (None, ""):
            props["security-severity"] = rule_props["security-severity"]
        cwes = _taxa_cwes(result)
        if cwes:
            old = props.get("cwe")
            props["cwe"] = [*(old if isinstance(old, list) else []), *cwes]
        moved = False
        for key in ("locations", "relatedLocations"):
            for loc in _dicts(result.get(key)):
                moved |= _relocate(loc, bases, tops)
        for flow in _dicts(result.get("codeFlows")):
            for thread in _dicts(flow.get("threadFlows")):
                for step in _dicts(thread.get("locations")):
                    if isinstance(step.get("location"), dict):
                        moved |= _relocate(_obj(step.get("location")), bases, tops)
        if moved:
            props["outsideRoot"] = True
            outside += 1
        _place_by_request(result)
        if props:
            result["properties"] = props
    run.pop("originalUriBaseIds", None)
    run.pop("artifacts", None)  # their URIs are not relocated; normalization drops them too
    return run, outside


def _place_by_request(result: dict[str, Any]) -> None:
    """A result with no location but a ``webRequest`` (a DAST alert) gets a logical location
    naming the request's target: SARIF consumers expect a ``locations`` array, and reports
    show the URL where a file would be. It stays without a physical location."""
    if _dicts(result.get("locations")):
        return
    target = _obj(result.get("webRequest")).get("target")
    if isinstance(target, str) and target:
        result["locations"] = [{"logicalLocations": [{"fullyQualifiedName": target[:MAX_NAME], "kind": "resource"}]}]


def _merge_extension_rules(run: dict[str, Any]) -> None:
    tool = run["tool"]
    driver = tool["driver"]
    rules = _dicts(driver.get("rules"))
    seen = {r.get("id") for r in rules}
    for ext in _dicts(tool.get("extensions")):
        for rule in _dicts(ext.get("rules")):
            if rule.get("id") not in seen:
                seen.add(rule.get("id"))
                rules.append(rule)
    driver["rules"] = rules
    tool.pop("extensions", None)
    for result in _dicts(run.get("results")):
        ref = result.get("rule")
        if isinstance(ref, dict):  # an index into an extension's rules means nothing now
            result["rule"] = {"id": ref["id"]} if isinstance(ref.get("id"), str) else None
            if result["rule"] is None:
                del result["rule"]
        result.pop("ruleIndex", None)


def _is_cwe(component: Any) -> bool:
    return isinstance(component, dict) and str(component.get("name") or "").upper() == "CWE"


def _relationship_tags(rule: dict[str, Any]) -> None:
    tags: list[str] = []
    for rel in _dicts(rule.get("relationships")):
        target = _obj(rel.get("target"))
        if _is_cwe(target.get("toolComponent")) and isinstance(target.get("id"), (str, int)):
            tags.append(f"external/cwe/cwe-{str(target['id']).removeprefix('CWE-')}")
    if tags:
        props = _obj(rule.get("properties"))
        old = list(props.get("tags") or []) if isinstance(props.get("tags"), list) else []
        props["tags"] = [*old, *tags]
        rule["properties"] = props


def _taxa_cwes(result: dict[str, Any]) -> list[str]:
    return [f"CWE-{str(t['id']).removeprefix('CWE-')}" for t in _dicts(result.get("taxa"))
            if _is_cwe(t.get("toolComponent")) and isinstance(t.get("id"), (str, int))]  # fmt: skip


def _base_uri(base_id: str, bases: dict[str, Any]) -> str | None:
    """The absolute URI a ``uriBaseId`` stands for; "" when it is unknown (taken as the root)."""
    parts: list[str] = []
    current: str | None = base_id
    for _ in range(MAX_BASE_CHAIN):
        if current is None:
            break
        entry = bases.get(current)
        if not isinstance(entry, dict) or not isinstance(entry.get("uri"), str):
            if parts or current != base_id:
                return None  # a chain that ends nowhere
            return ""
        parts.append(entry["uri"])
        current = entry.get("uriBaseId") if isinstance(entry.get("uriBaseId"), str) else None
    else:
        return None
    uri = ""
    for part in reversed(parts):
        uri = part if not uri or _absolute(part) else uri.rstrip("/") + "/" + part
    return uri


def _absolute(uri: str) -> bool:
    return len(urlparse(uri).scheme) > 1 or uri.startswith("/")


def _tops(root: Path) -> tuple[str, ...]:
    """The root as absolute POSIX text, as given and resolved (``/tmp`` vs ``/private/tmp``)."""
    given = posixpath.normpath(root.absolute().as_posix())
    real = posixpath.normpath(root.resolve().as_posix())
    return (given,) if real == given else (given, real)


def root_relative(uri: str, base_id: str | None, bases: dict[str, Any], tops: tuple[str, ...]) -> str | None:
    """``uri`` as a path relative to the root (``tops``: ``_tops(root)``), or None when it lies
    outside it (or cannot be placed). Text only: nothing is looked up on disk."""
    if base_id:
        base = _base_uri(base_id, bases)
        if base is None:
            return None
        if base and not _absolute(uri):
            uri = base.rstrip("/") + "/" + uri
    parsed = urlparse(uri)
    if parsed.scheme and len(parsed.scheme) > 1:
        if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
            return None
        path = unquote(parsed.path)
    else:
        path = unquote(uri)
    if "\x00" in path or "\\" in path:
        return None
    if path.startswith("/"):
        norm = posixpath.normpath(path)
        for top in tops:
            if norm.startswith(top.rstrip("/") + "/"):
                return _inside(norm[len(top.rstrip("/")) + 1 :])
        return None
    return _inside(path)


def _inside(path: str) -> str | None:
    norm = posixpath.normpath(path) if path else ""
    if not norm or norm == "." or norm == ".." or norm.startswith("../") or norm.startswith("/"):
        return None
    return norm


def _relocate(loc: dict[str, Any], bases: dict[str, Any], tops: tuple[str, ...]) -> bool:
    """Make one location's artifact root-relative; True when it pointed outside the root."""
    physical = loc.get("physicalLocation")
    if not isinstance(physical, dict):
        return False
    art = physical.get("artifactLocation")
    if not isinstance(art, dict) or not isinstance(art.get("uri"), str):
        return False
    uri = art["uri"]
    base_id = art.get("uriBaseId") if isinstance(art.get("uriBaseId"), str) else None
    rel = root_relative(uri, base_id, bases, tops)
    art.pop("index", None)
    if rel is not None:
        art["uri"] = uris.to_uri(rel)
        art.pop("uriBaseId", None)  # normalization writes %SRCROOT%
        return False
    del loc["physicalLocation"]
    logical = _dicts(loc.get("logicalLocations"))
    logical.insert(0, {"fullyQualifiedName": uri[:MAX_NAME], "kind": "resource"})
    loc["logicalLocations"] = logical
    return True
