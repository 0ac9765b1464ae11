"""Run the Betterleaks engine (``pybetterleaks``) over one directory; print JSON on stdout.

Run by the Betterleaks adapter with the interpreter of Betterleaks' own tool environment, in
isolated mode (``python -I``), in a private working directory, on a private copy of the safe
files: ``python -I betterleaks_driver.py CONFIG DIR TIMEOUT``. It imports only the standard
library and pybetterleaks, never shiftleft.

No secret leaves this process: the engine's ``secret`` and ``match`` fields are read here
only to compute the SHA-1 of the secret (the redactor's currency: the same as detect-secrets'
``hashed_secret``), and are never printed. Every finding is printed as
``{rule_id, file, line, end_line, column, end_column, description, entropy, hashed_secret}``.
Verification (``validation``) is off: it would send the value to the provider's API.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from typing import Any

#: characters of a rule description kept
MAX_DESCRIPTION = 300


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _finding(raw: Any) -> dict[str, Any]:
    secret = getattr(raw, "secret", None)
    attributes = getattr(raw, "attributes", None) or {}
    entropy = attributes.get("entropy") if isinstance(attributes, dict) else None
    return {
        "rule_id": str(getattr(raw, "rule_id", "") or ""),
        "file": str(getattr(raw, "file", "") or ""),
        "line": _int(getattr(raw, "line", None)),
        "end_line": _int(getattr(raw, "end_line", None)),
        "column": _int(getattr(raw, "column", None)),
        "end_column": _int(getattr(raw, "end_column", None)),
        "description": str(getattr(raw, "description", "") or "")[:MAX_DESCRIPTION],
        "entropy": str(entropy)[:20] if entropy is not None else None,
        "hashed_secret": (
            hashlib.sha1(secret.encode("utf-8", "replace"), usedforsecurity=False).hexdigest()
            if isinstance(secret, str) and secret
            else None
        ),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        raise SystemExit("usage: betterleaks_driver.py CONFIG DIR TIMEOUT")
    config, directory, timeout = argv[0], argv[1], float(argv[2])
    import pybetterleaks

    os.chdir(directory)  # paths in the findings are then relative to the copy
    result = pybetterleaks.scan_dir(
        ".", config_path=config, validation=False, redact=False, timeout_seconds=max(timeout, 1.0)
    )
    errors = [
        {"code": str(getattr(e, "code", "") or "")[:100], "message": str(getattr(e, "message", "") or "")[:500]}
        for e in result.errors
    ]
    out = {
        "version": str(pybetterleaks.betterleaks_version())[:40],
        "findings": [_finding(f) for f in result.findings],
        "errors": errors,
    }
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
