"""Dependency inventory: which packages, at which versions, a target declares, and where.

``collect(target)`` reads every known manifest/lockfile of the target's safe file list;
one module per ecosystem family parses them into frozen ``Package`` values, with
``Unassessed`` and ``Issue`` values for what could not be read.
"""
