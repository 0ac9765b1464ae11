"""Policies, compliance frameworks, waivers and inline suppressions.

The lead calls one function after the scan::

    from shiftleft.policy.engine import PolicyOptions, apply_policies
    outcome = apply_policies(sarif_dict, statuses, outcome.target, PolicyOptions(...))

``apply_policies`` is re-exported here lazily: ``shiftleft.gate`` imports this package's
model and loader, and the engine imports ``shiftleft.gate``, so importing the engine at
package import time would be circular.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from shiftleft.policy.model import PolicyError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from shiftleft.pipeline import ScannerStatus
    from shiftleft.policy.engine import PolicyOptions, PolicyOutcome
    from shiftleft.scanners.base import ScanTarget

__all__ = ["PolicyError", "apply_policies"]


def apply_policies(
    sarif: dict[str, Any],
    statuses: Sequence[ScannerStatus],
    target: ScanTarget | Path | None,
    options: PolicyOptions | None = None,
) -> PolicyOutcome:
    """See ``shiftleft.policy.engine.apply_policies``."""
    from shiftleft.policy.engine import apply_policies as run

    return run(sarif, statuses, target, options)
