"""Online update: download the OSV project's per-ecosystem ``all.zip`` and import it.

Built for air-gapped and CI machines: a short connect timeout so an offline machine gets a
clear one-line failure in seconds, not a hang; the download goes to a temporary file and
is imported in one transaction, so a failed or partial download never replaces good data.
"""

from __future__ import annotations

import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from shiftleft.advisories.errors import ImportFailed, UpdateFailed
from shiftleft.advisories.importer import ImportReport, import_path
from shiftleft.advisories.store import AdvisoryStore

OSV_BUCKET_URL = "https://osv-vulnerabilities.storage.googleapis.com"
DEFAULT_ECOSYSTEMS = ("PyPI", "npm", "Go", "crates.io", "Maven", "NuGet", "Packagist", "RubyGems")
CONNECT_TIMEOUT = 5.0
#: bytes; the largest published all.zip is well under this
MAX_DOWNLOAD = 1024 * 1024 * 1024


def ecosystem_url(ecosystem: str, base_url: str = OSV_BUCKET_URL) -> str:
    return f"{base_url}/{quote(ecosystem, safe='')}/all.zip"


def download(url: str, dest: Path, *, timeout: float = CONNECT_TIMEOUT) -> None:
    """Fetch ``url`` into ``dest``; UpdateFailed with a clear reason on any failure.
    ``timeout`` bounds connecting and each blocking read, not the whole transfer."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, dest.open("wb") as out:  # noqa: S310 - fixed https URL
            copied = 0
            while chunk := response.read(1 << 20):
                copied += len(chunk)
                if copied > MAX_DOWNLOAD:
                    raise UpdateFailed(f"download of {url} exceeds {MAX_DOWNLOAD} bytes")
                out.write(chunk)
    except urllib.error.HTTPError as exc:
        raise UpdateFailed(f"cannot download {url}: HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise UpdateFailed(
            f"cannot reach {url} ({exc.reason}); offline? import a copied all.zip with `shiftleft db import PATH`"
        ) from exc
    except TimeoutError as exc:
        raise UpdateFailed(
            f"timed out after {timeout:g} s downloading {url}; offline? use `shiftleft db import PATH`"
        ) from exc
    except OSError as exc:
        raise UpdateFailed(f"cannot download {url}: {exc}") from exc


def update(
    store: AdvisoryStore,
    ecosystems: Sequence[str] = DEFAULT_ECOSYSTEMS,
    *,
    base_url: str = OSV_BUCKET_URL,
    timeout: float = CONNECT_TIMEOUT,
) -> list[ImportReport]:
    """Download and import each ecosystem. Stops at the first failure (raising
    UpdateFailed); ecosystems imported before it stay imported."""
    reports: list[ImportReport] = []
    tmp = Path(tempfile.mkdtemp(prefix="shiftleft-osv-"))
    try:
        for eco in ecosystems:
            url = ecosystem_url(eco, base_url)
            target = tmp / f"{len(reports)}.zip"
            download(url, target, timeout=timeout)
            try:
                reports.append(import_path(store, target, origin=url))
            except ImportFailed as exc:
                raise UpdateFailed(f"downloaded {url} but could not import it: {exc}") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return reports
