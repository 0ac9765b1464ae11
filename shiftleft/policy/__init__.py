"""Policies, compliance frameworks, waivers and inline suppressions.

The scan calls ``shiftleft.policy.engine.apply_policies`` once, after the scanners.
(The engine is not imported here: ``shiftleft.gate`` imports this package's model and
loader, and the engine imports ``shiftleft.gate``.)
"""

from __future__ import annotations

from shiftleft.policy.model import PolicyError

__all__ = ["PolicyError"]
