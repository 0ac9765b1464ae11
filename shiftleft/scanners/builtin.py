"""The adapters shipped with shiftleft, for use when entry points are unavailable
(a source tree that was never installed). Installed packages use the entry points."""

from __future__ import annotations

from shiftleft.scanners.bandit import Bandit
from shiftleft.scanners.base import Scanner
from shiftleft.scanners.checkov import Checkov, CheckovDockerfile
from shiftleft.scanners.container import ContainerImage
from shiftleft.scanners.osv import OsvScanner
from shiftleft.scanners.pip_audit import PipAudit
from shiftleft.scanners.sbom import CycloneDxSbom
from shiftleft.scanners.secrets import DetectSecrets
from shiftleft.scanners.semgrep import Semgrep

SCANNERS: tuple[type[Scanner], ...] = (
    Semgrep, Bandit, DetectSecrets, OsvScanner, PipAudit, CycloneDxSbom, CheckovDockerfile, Checkov, ContainerImage,
)  # fmt: skip
