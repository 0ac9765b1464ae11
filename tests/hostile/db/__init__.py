"""Hostile database and advisory-archive files: SQLite (advisory, history) and OSV imports."""
