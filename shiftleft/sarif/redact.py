"""Keep secret values out of every output.

Two layers, because tools echo what they flag: (1) any token anywhere in the log whose
SHA-1 equals a secret that detect-secrets found (it reports ``hashed_secret``, never the
value) is replaced; (2) results about credentials (category ``secrets`` or a credential
CWE) lose their code snippets and have quoted literals in their message masked, which
covers e.g. bandit's "Possible hardcoded password: '...'".
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

import attr
import sarif_om

REDACTED = "[REDACTED]"
CREDENTIAL_CWES = frozenset({"CWE-798", "CWE-259", "CWE-321", "CWE-522", "CWE-256", "CWE-260", "CWE-312"})
_TOKEN_SPLIT = re.compile(r"""[\s'"`=:,;()\[\]{}<>]+""")
_QUOTED = re.compile(r"""(['"`])(?:(?!\1).){1,}\1""")


def _sha1(token: str) -> str:
    return hashlib.sha1(token.encode("utf-8"), usedforsecurity=False).hexdigest()


def scrub_text(text: str, hashes: frozenset[str]) -> str:
    if not hashes:
        return text
    for token in set(_TOKEN_SPLIT.split(text)):
        if len(token) >= 4 and _sha1(token) in hashes:
            text = text.replace(token, REDACTED)
    return text


def mask_quoted(text: str) -> str:
    return _QUOTED.sub(lambda m: f"{m.group(1)}{REDACTED}{m.group(1)}", text)


def _walk_strings(obj: Any, fix: Any) -> Any:
    if isinstance(obj, str):
        return fix(obj)
    if isinstance(obj, list):
        return [_walk_strings(v, fix) for v in obj]
    if isinstance(obj, dict):
        return {k: _walk_strings(v, fix) for k, v in obj.items()}
    if attr.has(type(obj)):
        for field in attr.fields(type(obj)):
            value = getattr(obj, field.name)
            if value is not None:
                setattr(obj, field.name, _walk_strings(value, fix))
        return obj
    return obj


def _is_credential_result(result: sarif_om.Result) -> bool:
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


def redact_runs(runs: Iterable[sarif_om.Run], secret_hashes: Iterable[str]) -> None:
    hashes = frozenset(h.lower() for h in secret_hashes)
    run_list = list(runs)
    for run in run_list:
        for result in run.results or []:
            if _is_credential_result(result):
                _drop_snippets(result)
                if result.message and result.message.text:
                    result.message.text = mask_quoted(result.message.text)
        if hashes:
            _walk_strings(run, lambda s: scrub_text(s, hashes))
