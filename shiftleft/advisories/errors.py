"""Typed errors of the advisory database, each carrying a message a human can act on."""

from __future__ import annotations

from shiftleft.errors import ShiftleftError


class AdvisoryError(ShiftleftError):
    """Base class: something about the advisory database went wrong."""


class InvalidAdvisory(AdvisoryError):
    """One OSV record is malformed (missing ``id``/``modified``, wrong shapes)."""


class ImportFailed(AdvisoryError):
    """A whole import source is unusable (not a folder or zip, corrupt zip)."""


class UpdateFailed(AdvisoryError):
    """Downloading advisories failed (offline, HTTP error, timeout)."""


class DatabaseMissing(AdvisoryError):
    """There is no advisory database, or it holds no advisories."""


class UnknownVersionScheme(AdvisoryError):
    """A version string cannot be ordered with the ecosystem's scheme."""


class DatabaseUnusable(DatabaseMissing):
    """A database file is there but cannot be trusted or read: not SQLite, a schema
    shiftleft did not create (triggers, views, extra tables), damaged, or a statement over
    its time bound. A DatabaseMissing too: whoever needs the data has none."""
