"""The one place that turns what a scan provides into the options of the scanners that
declared a need for it (``Scanner.needs``, ``Scanner.options_when_disabled``).

The command line (``--db``, ``-o``) and the shared config sections (``advisories.db``) say
where the advisory database is and where reports go; each scanner says whether it wants
them. Adding a scanner that reads the advisory database is then a line in its class, not an
edit to the CLI.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from shiftleft.scanners.base import Scanner

#: what a scan can provide, by need, and the option key a scanner receives it under
PROVIDED: Mapping[str, str] = {
    "advisory_db": "db",
    "output_dir": "output_dir",
}


def scan_options(
    scanners: Mapping[str, type[Scanner]],
    provided: Mapping[str, Path | str | None],
    disabled: Collection[str] = (),
) -> dict[str, dict[str, object]]:
    """Options per scanner name: each provided value a scanner needs (under its option key;
    a value of None is not provided), then the options it declared for when another scanner
    is ``disabled``. A need the scan does not know is left unfilled: the scanner then runs
    as it would without it (its own default, or a failed run that says what is missing)."""
    unknown = set(provided) - set(PROVIDED)
    if unknown:
        raise ValueError(f"unknown provided need(s): {', '.join(sorted(unknown))}")
    out: dict[str, dict[str, object]] = {}
    for name, cls in scanners.items():
        options: dict[str, object] = {
            PROVIDED[need]: str(provided[need])
            for need in sorted(cls.needs)
            if need in PROVIDED and provided.get(need) is not None
        }
        for other, extra in cls.options_when_disabled.items():
            if other in disabled:
                options.update(extra)
        if options:
            out[name] = options
    return out
