"""Licenses, hashes and scope of an SBOM component, from what the lockfiles state.

Only stated values become fields: a license string the lockfile or manifest gives
(package-lock.json ``license``, composer.lock ``license``, pom.xml ``<licenses>``; Cargo.lock,
go.mod, Gemfile.lock, gradle.lockfile and NuGet lockfiles state none), and hashes the lockfile
pins (already validated by ``inventory.hashes``). A license that is a valid SPDX id or
expression is written as one; anything else as a license *name*, never "corrected".
CycloneDX allows either one expression or a list of licenses: several strings that include
an expression are all written as names.
"""

from __future__ import annotations

from collections.abc import Iterable

from cyclonedx.model import HashAlgorithm, HashType
from cyclonedx.model.component import ComponentScope
from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression

from shiftleft.sarif.redact import Redactor

try:  # cyclonedx-python-lib >= 11.2 moved the factory; the old location warns
    from cyclonedx.contrib.license.factories import LicenseFactory
except ImportError:  # pragma: no cover - older library
    from cyclonedx.factory.license import LicenseFactory

License = LicenseExpression | DisjunctiveLicense
_ALGORITHMS = {a.value: a for a in HashAlgorithm}
#: scopes that are not part of what runs (CycloneDX: "excluded ... for test and other
#: non-runtime purposes")
NON_RUNTIME = frozenset({"test", "dev"})


def licenses(values: Iterable[str], redactor: Redactor) -> list[License]:
    texts = list(dict.fromkeys(redactor.text(v) for v in values if v))[:20]
    factory = LicenseFactory()
    made = [factory.make_from_string(t) for t in texts]
    if len(made) > 1 and any(isinstance(m, LicenseExpression) for m in made):
        return [DisjunctiveLicense(name=t) for t in texts]
    return made


def hashes(values: Iterable[tuple[str, str]]) -> list[HashType]:
    out: list[HashType] = []
    for alg, digest in dict.fromkeys(values):
        algorithm = _ALGORITHMS.get(alg)
        if algorithm is not None:
            out.append(HashType(alg=algorithm, content=digest))
    return out


def scope(scopes: Iterable[str | None]) -> ComponentScope | None:
    """EXCLUDED when every declaration is test/dev-only; otherwise unset (the default,
    required)."""
    seen = set(scopes)
    return ComponentScope.EXCLUDED if seen and seen <= NON_RUNTIME else None
