"""Run detect-secrets' library over the files named on the command line; print JSON.

Run by the detect-secrets adapter with detect-secrets' own interpreter in isolated mode
(``python -I``: neither the working directory - the scanned repository - nor the user's
site-packages is importable). It imports only the standard library and detect_secrets,
never shiftleft. Why not the ``detect-secrets scan`` command: its worker processes put the
file-extension filter back (``Settings.DEFAULT_FILTERS``) whatever ``--disable-filter``
says, so a secret in a text file named ``*.png`` or ``*.lock`` would stay unseen; and it
drops ``# pragma: allowlist secret`` lines without a trace. Here the same plugins and
filters run, minus those two: every file shiftleft passes (text files only) is scanned,
and allowlisted lines are reported with ``"allowlisted": true``, to become suppressions.
Verification is off: default settings do not configure it, so no value leaves the host.
"""

from __future__ import annotations

import json
import sys

DISABLED_FILTERS = (
    "detect_secrets.filters.heuristic.is_non_text_file",
    "detect_secrets.filters.allowlist.is_line_allowlisted",
    "detect_secrets.filters.common.is_ignored_due_to_verification_policies",
)


def scan(files: list[str]) -> dict[str, list[dict[str, object]]]:
    from detect_secrets.core.scan import scan_file
    from detect_secrets.filters.allowlist import is_line_allowlisted
    from detect_secrets.settings import default_settings
    from detect_secrets.util.code_snippet import get_code_snippet

    results: dict[str, list[dict[str, object]]] = {}
    with default_settings() as settings:
        settings.disable_filters(*DISABLED_FILTERS)
        for name in files:
            found = sorted(scan_file(name), key=lambda s: (s.line_number, s.type))
            if not found:
                continue
            with open(name, encoding="utf-8", errors="replace") as handle:
                lines = handle.read().splitlines()
            items = []
            for secret in found:
                number = int(secret.line_number or 1)
                line = lines[number - 1] if 0 < number <= len(lines) else ""
                context = get_code_snippet(lines, number)
                items.append({
                    "type": secret.type,
                    "filename": name,
                    "line_number": number,
                    "hashed_secret": secret.secret_hash,
                    "allowlisted": bool(is_line_allowlisted(filename=name, line=line, context=context)),
                })  # fmt: skip
            results[name] = items
    return results


def main(argv: list[str]) -> int:
    files = argv[argv.index("--") + 1 :] if "--" in argv else argv
    json.dump({"results": scan(files)}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
