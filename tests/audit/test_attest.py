"""Signed in-toto attestations in the audit bundle, verified offline; the bundle bound to its
scan (``--expect-sha256``); byte-identical re-exports."""

from __future__ import annotations

import base64
import copy
import hashlib
import importlib.util
import json
import time
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from typer.testing import CliRunner

from shiftleft import attest
from shiftleft.audit import export_bundle, verify_bundle
from shiftleft.audit_cli import app
from shiftleft.gitinfo import GitInfo
from shiftleft.model import Report
from shiftleft.report.model import assemble_report
from tests.conftest import require

GIT = GitInfo("0123456789abcdef0123456789abcdef01234567", "main", False)
OTHER = GitInfo("89abcdef0123456789abcdef0123456789abcdef", "main", False)
runner = CliRunner()


def _keys(tmp_path: Path, kind: str = "ed25519", name: str = "key") -> tuple[Path, Path]:
    """(private PEM, public PEM) of a fresh key; never a key committed to the repository."""
    key: Any = {
        "ed25519": lambda: ed25519.Ed25519PrivateKey.generate(),
        "ecdsa-p256": lambda: ec.generate_private_key(ec.SECP256R1()),
        "ecdsa-p384": lambda: ec.generate_private_key(ec.SECP384R1()),
        "rsa": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
    }[kind]()
    private, public = tmp_path / f"{name}.pem", tmp_path / f"{name}.pub"
    private.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))  # fmt: skip
    public.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                     serialization.PublicFormat.SubjectPublicKeyInfo))  # fmt: skip
    return private, public


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def _repack(path: Path, members: dict[str, bytes]) -> None:
    """Rewrite the bundle as a forger would: members changed, the manifest recomputed to match."""
    manifest = json.loads(members["manifest.json"])
    manifest["files"] = [{"path": n, "sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                         for n, d in sorted(members.items()) if n != "manifest.json"]  # fmt: skip
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


def _statement(members: dict[str, bytes], name: str) -> dict[str, Any]:
    envelope = json.loads(members[f"attestations/{name}"])
    data: dict[str, Any] = json.loads(base64.b64decode(envelope["payload"]))
    return data


def _verify(bundle: Path, *args: str) -> Any:
    return runner.invoke(app, ["verify", str(bundle), *args])


@pytest.fixture
def signed(report: Report, tmp_path: Path) -> tuple[Path, Path, Path]:
    private, public = _keys(tmp_path)
    out = tmp_path / "signed.zip"
    export_bundle(report, out, git=GIT, signer=attest.load_signer(private))
    return out, private, public


# -- reproducible -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["unsigned", "ed25519", "ecdsa-p256"])
def test_the_same_scan_exported_twice_is_the_same_bytes(report: Report, tmp_path: Path, kind: str) -> None:
    signer = None if kind == "unsigned" else attest.load_signer(_keys(tmp_path, kind)[0])
    first = export_bundle(report, tmp_path / "one.zip", git=GIT, signer=signer)
    time.sleep(1.1)  # a clock read anywhere would show in a zip timestamp or the manifest
    second = export_bundle(report, tmp_path / "two.zip", git=GIT, signer=signer)
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    assert first.sha256 == second.sha256
    with zipfile.ZipFile(first.path) as zf:
        infos = zf.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(2026, 11, 22, 2, 54, 0)}  # the scan's start, not the clock
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    manifest = json.loads(_members(first.path)["manifest.json"])
    assert manifest["created"] == "2026-11-22T02:54:00Z"


def test_cli_export_twice_prints_the_same_digest(report: Report, sarif: dict[str, object], tmp_path: Path) -> None:
    log = tmp_path / "shiftleft.sarif"
    log.write_text(json.dumps(sarif), "utf-8")
    digests = []
    for name in ("a.zip", "b.zip"):
        out = tmp_path / name
        cli = runner.invoke(app, ["export", "--from", str(log), "--out", str(out)])
        assert cli.exit_code == 0, cli.output
        digests.append(next(line.split()[1] for line in cli.output.splitlines() if line.startswith("sha256 ")))
        time.sleep(1.1)
    assert digests[0] == digests[1] == hashlib.sha256((tmp_path / "a.zip").read_bytes()).hexdigest()


# -- the scan's identity --------------------------------------------------------------------------


def test_the_manifest_names_the_scan_it_came_from(signed: tuple[Path, Path, Path]) -> None:
    members = _members(signed[0])
    manifest = json.loads(members["manifest.json"])
    sarif_sha = hashlib.sha256(members["sarif/shiftleft.sarif"]).hexdigest()
    assert manifest["formatVersion"] == 3
    assert manifest["scan"]["sarifSha256"] == sarif_sha
    assert manifest["scan"]["commit"] == GIT.commit and manifest["scan"]["dirty"] is False
    assert manifest["scan"]["startTime"] == "2026-11-22T02:54:00.369Z"
    assert manifest["scan"]["subject"] == [{"name": "git commit", "digest": {"gitCommit": GIT.commit}}]
    assert manifest["signed"] is True and manifest["signing"]["algorithm"] == "ed25519"


def test_expect_sha256(signed: tuple[Path, Path, Path]) -> None:
    bundle = signed[0]
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()
    ok = _verify(bundle, "--expect-sha256", digest.upper())
    assert ok.exit_code == 0, ok.output
    assert f"sha256 {digest} (as expected)" in ok.output
    wrong = _verify(bundle, "--expect-sha256", "0" * 64)
    assert wrong.exit_code == 1
    assert f"digest-mismatch 'signed.zip': the zip's sha256 is {digest}" in wrong.output
    malformed = _verify(bundle, "--expect-sha256", "abc")
    assert malformed.exit_code == 2 and "64 hex digits" in malformed.output


def test_a_forged_bundle_with_a_recomputed_manifest_fails_the_expected_digest(signed: tuple[Path, Path, Path]) -> None:
    bundle = signed[0]
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()
    members = _members(bundle)
    members["scan.json"] = members["scan.json"].replace(b'"FAILED"', b'"PASSED"')
    _repack(bundle, members)
    assert verify_bundle(bundle).intact  # integrity alone cannot see it ...
    result = _verify(bundle, "--expect-sha256", digest)
    assert result.exit_code == 1 and "digest-mismatch" in result.output  # ... the out-of-band digest does


# -- signatures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["ed25519", "ecdsa-p256", "ecdsa-p384", "rsa"])
def test_signed_bundle_verifies_offline(report: Report, tmp_path: Path, kind: str) -> None:
    private, public = _keys(tmp_path, kind)
    out = tmp_path / "a.zip"
    cli = runner.invoke(app, ["export", "--from", str(_log(report, tmp_path)), "--out", str(out),
                              "--sign-key", str(private)])  # fmt: skip
    assert cli.exit_code == 0, cli.output
    keyid = attest.load_public_key(public).keyid
    assert f"attestations signed with key {keyid}" in cli.output
    result = _verify(out, "--key", str(public))
    assert result.exit_code == 0, result.output
    assert f"attestations: signed by {keyid}, verified" in result.output
    names = [n for n in _members(out) if n.startswith("attestations/")]
    assert len(names) >= 3


def _log(report: Report, tmp_path: Path) -> Path:
    path = tmp_path / "shiftleft.sarif"
    path.write_text(json.dumps(report.sarif), "utf-8")
    return path


def test_one_byte_of_a_statement_changed_is_rejected(signed: tuple[Path, Path, Path]) -> None:
    bundle, _, public = signed
    members = _members(bundle)
    name = "attestations/test-result-gate.dsse.json"
    envelope = json.loads(members[name])
    payload = bytearray(base64.b64decode(envelope["payload"]))
    at = payload.index(b'"FAILED"')
    payload[at + 1] = ord("P")  # "PAILED": one byte
    envelope["payload"] = base64.b64encode(bytes(payload)).decode()
    members[name] = json.dumps(envelope).encode()
    _repack(bundle, members)
    assert verify_bundle(bundle).intact  # the manifest was recomputed: only the signature can tell
    result = _verify(bundle, "--key", str(public))
    assert result.exit_code == 1
    assert f"bad-signature '{name}': signature does not verify with the key given (the payload was altered" \
        in result.output


def test_a_wrong_key_is_rejected(signed: tuple[Path, Path, Path], tmp_path: Path) -> None:
    _, other = _keys(tmp_path, "ecdsa-p256", "other")
    result = _verify(signed[0], "--key", str(other))
    assert result.exit_code == 1
    assert "bad-signature" in result.output and "signed by key" in result.output and "NOT verified" in result.output


def test_a_statement_about_another_commit_is_rejected(report: Report, signed: tuple[Path, Path, Path],
                                                      tmp_path: Path) -> None:  # fmt: skip
    """Validly signed statements of another scan (same key) moved into this bundle."""
    bundle, private, public = signed
    elsewhere = export_bundle(report, tmp_path / "other.zip", git=OTHER, signer=attest.load_signer(private)).path
    theirs = _members(elsewhere)
    members = _members(bundle)
    for name in members:
        if name.startswith("attestations/"):
            members[name] = theirs[name]
    _repack(bundle, members)
    result = _verify(bundle, "--key", str(public))
    assert result.exit_code == 1, result.output
    assert "subject-mismatch 'attestations/test-result-gate.dsse.json': the statement is about" in result.output
    assert OTHER.commit is not None and OTHER.commit in result.output


def test_statements_of_another_sarif_log_are_rejected(report: Report, signed: tuple[Path, Path, Path]) -> None:
    """The subject matches but the log was swapped (and the manifest recomputed): each statement
    names the SARIF digest it was made from."""
    bundle, _, public = signed
    members = _members(bundle)
    members["sarif/shiftleft.sarif"] = members["sarif/shiftleft.sarif"].replace(b'"error"', b'"note"')
    _repack(bundle, members)
    result = _verify(bundle, "--key", str(public))
    assert result.exit_code == 1
    assert "was made from SARIF sha256" in result.output


def test_an_unsigned_bundle_verifies_integrity_only_and_says_unsigned(report: Report, tmp_path: Path) -> None:
    out = export_bundle(report, tmp_path / "a.zip", git=GIT).path
    result = _verify(out)
    assert result.exit_code == 0, result.output
    assert "attestations: unsigned" in result.output
    _, public = _keys(tmp_path)
    with_key = _verify(out, "--key", str(public))
    assert with_key.exit_code == 1 and "unsigned: no signature to check" in with_key.output


def test_a_signed_bundle_without_key_says_signatures_were_not_checked(signed: tuple[Path, Path, Path]) -> None:
    result = _verify(signed[0], "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["signature"].endswith("signatures not checked (pass --key PUB to check them)")
    assert data["subject"] == f"gitCommit:{GIT.commit}"


@pytest.mark.parametrize("content", ["garbage", "public-as-private", "huge", "encrypted", "dsa"])
def test_a_bad_sign_key_is_exit_2_one_line(report: Report, tmp_path: Path, content: str,
                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.delenv(attest.PASSPHRASE_ENV, raising=False)
    key = tmp_path / "bad.pem"
    if content == "garbage":
        key.write_bytes(b"-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n")
    elif content == "public-as-private":
        key = _keys(tmp_path)[1]
    elif content == "huge":
        key.write_bytes(b"-----BEGIN PRIVATE KEY-----\n" + b"A" * 100_000)
    elif content == "encrypted":
        k = ed25519.Ed25519PrivateKey.generate()
        key.write_bytes(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.BestAvailableEncryption(b"pw")))  # fmt: skip
    else:
        from cryptography.hazmat.primitives.asymmetric import dsa

        k2 = dsa.generate_private_key(2048)
        key.write_bytes(k2.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()))  # fmt: skip
    out = tmp_path / "a.zip"
    cli = runner.invoke(app, ["export", "--from", str(_log(report, tmp_path)), "--out", str(out),
                              "--sign-key", str(key)])  # fmt: skip
    assert cli.exit_code == 2, cli.output
    lines = [line for line in cli.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("shiftleft: error:"), cli.output
    assert not out.exists()
    assert "Traceback" not in cli.output


def test_an_encrypted_key_takes_its_passphrase_from_the_environment(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    k = ed25519.Ed25519PrivateKey.generate()
    key = tmp_path / "enc.pem"
    key.write_bytes(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.BestAvailableEncryption(b"pw")))  # fmt: skip
    monkeypatch.setenv(attest.PASSPHRASE_ENV, "pw")
    assert attest.load_signer(key).algorithm == "ed25519"
    monkeypatch.setenv(attest.PASSPHRASE_ENV, "wrong")
    with pytest.raises(attest.KeyFileError, match="not a usable PEM private key"):
        attest.load_signer(key)


@pytest.mark.parametrize("content", ["garbage", "private-as-public"])
def test_a_bad_verify_key_is_exit_2(signed: tuple[Path, Path, Path], tmp_path: Path, content: str) -> None:
    key = tmp_path / "x.pub"
    if content == "garbage":
        key.write_bytes(b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
    else:
        key = signed[1]
    result = _verify(signed[0], "--key", str(key))
    assert result.exit_code == 2 and result.output.startswith("shiftleft: error:"), result.output


def test_keyless_signing_fails_fast_offline(report: Report, tmp_path: Path) -> None:
    started = time.monotonic()
    cli = runner.invoke(app, ["export", "--from", str(_log(report, tmp_path)), "--out", str(tmp_path / "a.zip"),
                              "--sign", "sigstore"])  # fmt: skip
    assert time.monotonic() - started < 5
    assert cli.exit_code == 2 and "--sign sigstore" in cli.output and "--sign-key" in cli.output
    assert not (tmp_path / "a.zip").exists()


def test_a_malformed_envelope_is_an_alteration_not_a_crash(signed: tuple[Path, Path, Path]) -> None:
    bundle, _, public = signed
    members = _members(bundle)
    members["attestations/test-result-gate.dsse.json"] = b"[" * 100_000
    members["attestations/verification-summary.dsse.json"] = json.dumps(
        {"payloadType": attest.PAYLOAD_TYPE, "payload": "!!!", "signatures": []}).encode()
    _repack(bundle, members)
    result = _verify(bundle, "--key", str(public))
    assert result.exit_code == 1, result.output
    assert "bad-statement 'attestations/test-result-gate.dsse.json': not a DSSE envelope" in result.output
    assert "the payload is not base64" in result.output


# -- what the statements say ----------------------------------------------------------------------


def test_statements(signed: tuple[Path, Path, Path], report: Report) -> None:
    members = _members(signed[0])
    subject = [{"name": "git commit", "digest": {"gitCommit": GIT.commit}}]
    sarif_sha = hashlib.sha256(members["sarif/shiftleft.sarif"]).hexdigest()

    vulns = _statement(members, "vulns-bandit-code.dsse.json")
    assert vulns["_type"] == attest.STATEMENT_TYPE and vulns["subject"] == subject
    assert vulns["predicateType"] == "https://in-toto.io/attestation/vulns/v0.1"
    scanner = vulns["predicate"]["scanner"]
    assert scanner["version"] == "1.9.4" and scanner["uri"] == "pkg:generic/bandit@1.9.4"
    bandit = [f for f in report.findings if f.tool == "bandit"]
    assert len(scanner["result"]) == len(bandit) > 0
    assert all(r["severity"][0]["method"] == "shiftleft" for r in scanner["result"])
    assert {r["id"] for r in scanner["result"]} == {f.rule_id for f in bandit}
    assert vulns["predicate"]["invocation"]["parameters"]["sarifSha256"] == sarif_sha
    assert vulns["predicate"]["metadata"]["scanStartedOn"] == "2026-11-22T02:54:00.372Z"

    gate = _statement(members, "test-result-gate.dsse.json")
    assert gate["predicateType"] == "https://in-toto.io/attestation/test-result/v0.1"
    assert gate["predicate"]["result"] == "FAILED"
    assert set(gate["predicate"]["failedTests"]) == {r.id for r in report.gate.rules if not r.passed}
    assert set(gate["predicate"]["passedTests"]) == {r.id for r in report.gate.rules if r.passed}

    vsa = _statement(members, "verification-summary.dsse.json")
    assert vsa["predicateType"] == "https://slsa.dev/verification_summary/v1"
    predicate = vsa["predicate"]
    assert predicate["verificationResult"] == "FAILED" and predicate["timeVerified"] == "2026-11-22T02:54:12.645Z"
    assert predicate["resourceUri"] == f"gitCommit:{GIT.commit}"
    assert "SHIFTLEFT_SOC2_CC8_1" in predicate["verifiedLevels"]  # the control that passed
    assert not any(level.startswith("SLSA_") for level in predicate["verifiedLevels"])
    assert {i["uri"] for i in predicate["inputAttestations"]} >= {"attestations/vulns-bandit-code.dsse.json",
                                                                   "attestations/test-result-gate.dsse.json"}


def test_the_advisory_database_last_update(report: Report, tmp_path: Path) -> None:
    from shiftleft.model import ScannerStatus

    osv = ScannerStatus("osv", "build", "sca", "ok", True, None, "0.1.0")
    members = _members(export_bundle(replace(report, statuses=(*report.statuses, osv)), tmp_path / "a.zip",
                                     git=GIT).path)  # fmt: skip
    scanner = _statement(members, "vulns-osv-build.dsse.json")["predicate"]["scanner"]
    assert scanner["db"] == {"lastUpdate": "2026-11-12T02:54:12Z"}  # the advisory data's newest record
    assert scanner["result"] == []  # it assessed and found nothing: that is a clean result


def test_a_scanner_that_did_not_assess_has_no_vulns_statement(report: Report, tmp_path: Path) -> None:
    """An empty result list would read as clean: the scanner is named as not assessed instead."""
    from shiftleft.model import ScannerStatus

    broken = ScannerStatus("pip-audit", "build", "sca", "failed", True, "crashed", "2.10.0")
    report = replace(report, statuses=(*report.statuses, broken))
    members = _members(export_bundle(report, tmp_path / "a.zip", git=GIT).path)
    assert "attestations/vulns-pip-audit-build.dsse.json" not in members
    vsa = _statement(members, "verification-summary.dsse.json")
    assert "pip-audit/build" in vsa["predicate"]["annotations"]["notAssessed"]


def test_scanner_provenance_goes_into_the_vulns_scanner(report: Report, tmp_path: Path) -> None:
    sarif = copy.deepcopy(report.sarif)
    provenance = {"tool": {"name": "bandit", "version": "1.9.4", "kind": "python-distribution", "sha256": "a" * 64,
                           "digestOf": "RECORD"},
                  "rulePack": {"name": "bandit-builtin", "sha256": "b" * 64},
                  "advisoryDatabase": {"sha256": "c" * 64, "updated": "2026-11-20T00:00:00Z"}, "pinned": "match"}
    sarif["properties"]["shiftleft"]["scanners"] = [{"name": "bandit", "stage": "code", "provenance": provenance}]
    members = _members(export_bundle(replace(report, sarif=sarif), tmp_path / "a.zip", git=GIT).path)
    scanner = _statement(members, "vulns-bandit-code.dsse.json")["predicate"]["scanner"]
    assert scanner["digest"] == {"sha256": "a" * 64}
    assert scanner["digests"] == {"tool": "a" * 64, "rulePack": "b" * 64, "advisoryDatabase": "c" * 64}
    assert scanner["digestOf"] == "RECORD" and scanner["pinned"] == "match"
    assert scanner["db"] == {"lastUpdate": "2026-11-20T00:00:00Z", "version": "c" * 64}
    # absent (today's scans): tolerated, no digest claimed
    semgrep = _statement(members, "vulns-semgrep-code.dsse.json")["predicate"]["scanner"]
    assert "digest" not in semgrep and "digests" not in semgrep


def test_an_image_pinned_by_digest_is_the_subject(report: Report, tmp_path: Path) -> None:
    digest = "d" * 64
    report = replace(report, meta={**report.meta, "image": f"registry.invalid/app@sha256:{digest}"})
    members = _members(export_bundle(report, tmp_path / "a.zip", git=GIT).path)
    assert _statement(members, "test-result-gate.dsse.json")["subject"] == [
        {"name": "registry.invalid/app", "digest": {"sha256": digest}}]


def test_no_commit_no_image_the_log_is_the_subject(report: Report, tmp_path: Path) -> None:
    members = _members(export_bundle(report, tmp_path / "a.zip", git=GitInfo()).path)
    sarif_sha = hashlib.sha256(members["sarif/shiftleft.sarif"]).hexdigest()
    assert _statement(members, "test-result-gate.dsse.json")["subject"] == [
        {"name": "sarif/shiftleft.sarif", "digest": {"sha256": sarif_sha}}]
    assert verify_bundle(tmp_path / "a.zip").intact


def test_envelopes_verify_with_securesystemslib_when_installed(signed: tuple[Path, Path, Path]) -> None:
    """Interoperability: the DSSE envelopes are the standard ones (the reference library is a
    test dependency, not one of shiftleft: skipped without it on a user's machine, never in CI)."""
    require(importlib.util.find_spec("securesystemslib") is not None,
            "securesystemslib is not installed (pip install -e '.[test]')")  # fmt: skip
    import securesystemslib.dsse as dsse
    import securesystemslib.signer as signer_mod
    bundle, _, public = signed
    pub = serialization.load_pem_public_key(public.read_bytes())
    for name, data in _members(bundle).items():
        if name.startswith("attestations/"):
            envelope = dsse.Envelope.from_dict(json.loads(data))
            keyid = next(iter(envelope.signatures))
            key = signer_mod.SSlibKey.from_crypto(pub, keyid=keyid)
            assert keyid in envelope.verify([key], 1)


def test_statements_come_from_the_redacted_report(sarif: dict[str, object], tmp_path: Path) -> None:
    """The example app's committed credentials never reach an attestation or the index."""
    report = assemble_report(copy.deepcopy(sarif)).report
    members = _members(export_bundle(report, tmp_path / "a.zip", git=GIT).path)
    texts = [members["INDEX.md"], members["index.html"]]
    texts += [base64.b64decode(json.loads(d)["payload"]) for n, d in members.items() if n.startswith("attestations/")]
    for secret in (b"AKIAIOSFODNN7EXAMPLE", b"wJalrXUtnFEMI/K7MDENG", b"hunter2-not-a-real-password"):
        assert not any(secret in t for t in texts)


def test_a_result_dedup_folded_into_another_tools_stays_in_its_scanners_statement(report: Report,
                                                                                   tmp_path: Path) -> None:  # fmt: skip
    """Cross-tool dedup keeps one result per problem; the scanner whose result was folded in
    must not look as if it found nothing."""
    kept = next(f for f in report.findings if f.tool == "bandit")
    folded = replace(kept, properties={**kept.properties, "alsoReportedBy": [
        {"tool": "semgrep", "ruleId": "shiftleft.python.sql-injection", "severity": "high", "fingerprint": "fp-s"}]})
    report = replace(report, findings=tuple(folded if f is kept else f for f in report.findings))
    members = _members(export_bundle(report, tmp_path / "a.zip", git=GIT).path)
    results = _statement(members, "vulns-semgrep-code.dsse.json")["predicate"]["scanner"]["result"]
    merged = [r for r in results if r["id"] == "shiftleft.python.sql-injection"
              and r["annotations"][0].get("sameProblemAs") == kept.fingerprint]  # fmt: skip
    assert merged and merged[0]["severity"][0] == {"method": "shiftleft", "score": "high"}
    assert merged[0]["annotations"][0]["fingerprint"] == "fp-s"
