"""JSON from an advisory source, parsed within a depth bound.

An OSV record nests a handful of levels (``affected`` → ``ranges`` → ``events`` → event);
a hostile archive nests 100,000. The standard parser then raises ``RecursionError`` (and
re-encoding a record a few levels under the recursion limit overflows too), which is no
``ValueError``: a caller catching bad JSON would miss it and crash. Here both are a
``ValueError`` with a reason, so one such entry is skipped like any other bad entry.
"""

from __future__ import annotations

import json
from typing import Any

#: deeper than any real OSV record, far below the interpreter's recursion limit
MAX_DEPTH = 64


def loads_bounded(data: str | bytes, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads``, refusing documents nested deeper than ``max_depth`` (ValueError)."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise ValueError(f"JSON nested deeper than {max_depth} levels") from None
    if depth_exceeds(value, max_depth):
        raise ValueError(f"JSON nested deeper than {max_depth} levels")
    return value


def depth_exceeds(value: Any, max_depth: int) -> bool:
    """True when containers nest deeper than ``max_depth``; iterative, linear in the
    number of containers."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > max_depth:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False
