"""Policies, compliance frameworks, waivers and inline suppressions.

The scan calls ``shiftleft.policy.engine.apply_policies`` once, after the scanners; the
gate (``shiftleft.policy.gate``) judges the result. Nothing is imported here but the error.
"""

from __future__ import annotations

from shiftleft.policy.model import PolicyError

__all__ = ["PolicyError"]
