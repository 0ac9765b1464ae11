"""What an audit bundle copies: files shiftleft wrote, files the user named, files inside
the root that pass the path rule. A path read from a log is never opened."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shiftleft.audit import InputFile, export_bundle
from shiftleft.audit_cli import app as audit_app
from shiftleft.report.model import assemble_report

from .builders import (
    HOST_SECRET,
    HighSast,
    artifact_scanner,
    crafted_scan_output,
    everything_written,
    fake_registry,
    scan,
    world,
)


def _zip_text(path: Path) -> tuple[dict[str, bytes], dict[str, object]]:
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    return members, json.loads(members["manifest.json"])


def test_a_symlinked_waiver_file_is_not_bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    w = world(tmp_path)
    (w.repo / ".shiftleft-waivers.yaml").symlink_to(w.secret_file)
    bundle = tmp_path / "audit.zip"
    with fake_registry(monkeypatch, HighSast):
        result = scan(w, "--no-history", "--audit-out", str(bundle))
    assert result.exit_code == 1, result.output
    members, _ = _zip_text(bundle)
    assert not any(HOST_SECRET.encode() in data for data in members.values())
    assert not any(name.startswith("inputs/waivers") for name in members)


def test_a_scanner_claiming_a_host_artifact_does_not_get_it_bundled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world(tmp_path)
    bundle = tmp_path / "audit.zip"
    with fake_registry(monkeypatch, HighSast, artifact_scanner(w.secret_file)):
        result = scan(w, "--no-history", "--audit-out", str(bundle))
    members, manifest = _zip_text(bundle)
    assert not any(HOST_SECRET.encode() in data for data in members.values())
    (artifact,) = manifest["artifacts"]  # type: ignore[misc]
    assert artifact["member"] is None and "never opened" in artifact["reason"]
    assert "audit bundle lacks artifact" in result.stderr


def test_repository_inputs_inside_the_root_are_bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The positive control: the repository's own config and waiver file, plain files inside
    the root, are evidence and belong in the bundle."""
    w = world(tmp_path)
    w.write_config("timeout: 60\n")
    (w.repo / ".shiftleft-waivers.yaml").write_text("waivers: []\n", "utf-8")
    bundle = tmp_path / "audit.zip"
    with fake_registry(monkeypatch, HighSast):
        scan(w, "--no-history", "--audit-out", str(bundle))
    members, manifest = _zip_text(bundle)
    kinds = {i["kind"]: i for i in manifest["inputs"]}  # type: ignore[attr-defined]
    assert members[kinds["config"]["member"]] == b"timeout: 60\n"
    assert members[kinds["waivers"]["member"]] == b"waivers: []\n"


def test_audit_export_never_opens_paths_read_from_a_crafted_log(tmp_path: Path) -> None:
    """A crafted SARIF log names a host file as an artifact and as a config input, and a
    target directory holding a config that links to the host file."""
    w = world(tmp_path)
    (w.repo / "shiftleft.yaml").symlink_to(w.secret_file)
    crafted = crafted_scan_output(w, target=w.repo, inputs=[w.secret_file], artifacts=[w.secret_file])
    out = tmp_path / "audit.zip"
    result = CliRunner().invoke(audit_app, ["export", "--from", str(crafted), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert HOST_SECRET not in everything_written(crafted) + result.output
    members, manifest = _zip_text(out)
    assert not any(HOST_SECRET.encode() in data for data in members.values())
    assert [a["member"] for a in manifest["artifacts"]] == [None]  # type: ignore[index]
    assert [i["member"] for i in manifest["inputs"]] == [None]  # type: ignore[index]
    assert "not in the bundle" in result.output


def test_audit_export_bundles_an_sbom_found_by_name_in_the_from_directory(tmp_path: Path) -> None:
    """The log's path selects only a file name inside the directory the user gave."""
    w = world(tmp_path)
    crafted = crafted_scan_output(w, artifacts=[Path("/somewhere/else/sbom.cdx.json")])
    (crafted / "sbom.cdx.json").write_text('{"bomFormat": "CycloneDX"}\n', "utf-8")
    out = tmp_path / "audit.zip"
    result = CliRunner().invoke(audit_app, ["export", "--from", str(crafted), "--out", str(out)])
    assert result.exit_code == 0, result.output
    members, _ = _zip_text(out)
    assert members["artifacts/sbom/sbom.cdx.json"] == b'{"bomFormat": "CycloneDX"}\n'


def test_a_repository_input_swapped_for_a_link_is_left_out(tmp_path: Path) -> None:
    """An InputFile the repository named is re-checked when read: a link out is listed as
    not included, never followed."""
    w = world(tmp_path)
    link = w.repo / ".shiftleft-waivers.yaml"
    link.symlink_to(w.secret_file)
    report = assemble_report({"version": "2.1.0", "runs": [], "properties": {"shiftleft": {"scanners": []}}}).report
    out = tmp_path / "a.zip"
    result = export_bundle(report, out, inputs=[InputFile("waivers", link, w.repo)])
    members, manifest = _zip_text(out)
    assert not any(HOST_SECRET.encode() in d for d in members.values())
    assert manifest["inputs"][0]["member"] is None  # type: ignore[index]
    assert any("waivers file" in k for k in result.unavailable)
