"""in-toto attestations of a scan: Statements v1 in DSSE envelopes, signed offline.

Three statements, each with the scanned commit (``gitCommit`` digest) or a digest-pinned image
as subject; when neither is known, the merged SARIF log is the subject (and the bundle's index
says so):

- ``vulns`` (https://in-toto.io/attestation/vulns/v0.1), one per scanner that **assessed** its
  stage: the scanner (name, version, the digests of its executable / rule pack / advisory
  database where the run recorded its provenance), the advisory database's last update, and
  every result with its severity. A scanner that did not assess (missing, failed, timed out)
  gets no vulns statement (an empty result list would read as "clean"): the test-result and
  the verification summary name it instead.
- ``test-result`` (https://in-toto.io/attestation/test-result/v0.1) of the gate: PASSED, or
  FAILED with the failed rule ids (the gate's INCOMPLETE, something not assessed, is FAILED
  here: the predicate has no "not assessed", and it must not pass).
- a verification summary of the policy decision: SLSA VSA v1
  (https://slsa.dev/verification_summary/v1). Chosen over the simple-verification-result
  predicate because VSA v1 is a released spec that admission controllers and policy engines
  already read; ``verifiedLevels`` carries our own names (``SHIFTLEFT_GATE_PASSED``, one
  ``SHIFTLEFT_<FRAMEWORK>_<CONTROL>`` per control that passed), never an ``SLSA_`` level.

Every predicate records the sha256 of the merged SARIF log it was built from, so a statement
cannot be moved to a bundle holding another log. Built from the ``Report`` (redacted): no raw
text of the scanned repository is read here.

Signing is DSSE (PAE over the payload) with a PEM private key the user provides: ed25519,
ECDSA (P-256 with SHA-256, P-384 with SHA-384, P-521 with SHA-512; deterministic signatures,
RFC 6979, so a re-export is byte-identical) or RSA (PSS, SHA-256). The ``cryptography``
library does it directly: securesystemslib's signer wraps the same calls, and the envelope
it verifies is the same (keyid: sha256 of the public key's SubjectPublicKeyInfo DER).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shiftleft import __version__, paths
from shiftleft.errors import EXIT_USAGE, ShiftleftError
from shiftleft.gitinfo import GitInfo
from shiftleft.model import Finding, Report

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PAYLOAD_TYPE = "application/vnd.in-toto+json"
VULNS = "https://in-toto.io/attestation/vulns/v0.1"
TEST_RESULT = "https://in-toto.io/attestation/test-result/v0.1"
VSA = "https://slsa.dev/verification_summary/v1"
VERIFIER_ID = "https://github.com/shiftleft-devsecops/shiftleft"
#: the passphrase of an encrypted ``--sign-key``, when it has one (never a command-line argument)
PASSPHRASE_ENV = "SHIFTLEFT_SIGN_KEY_PASSPHRASE"  # noqa: S105 - the name of a variable, not its value
#: a PEM key larger than this is not a key
MAX_KEY_BYTES = 64 * 1024
#: an envelope larger than this is not one shiftleft wrote
MAX_ENVELOPE_BYTES = 64 * 1024 * 1024


class KeyFileError(ShiftleftError):
    """A key file that cannot be used: exit 2, one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message, EXIT_USAGE)


# -- keys ----------------------------------------------------------------------------------------


def _read_key_file(path: Path) -> bytes:
    try:
        data, _ = paths.read_bounded(path, MAX_KEY_BYTES, follow_final_link=True)
    except FileNotFoundError:
        raise KeyFileError(f"{path}: no such key file (or not a regular file)") from None
    except paths.FileRefused as exc:
        if exc.why == "too-large":
            limit = MAX_KEY_BYTES // 1024
            raise KeyFileError(f"{path}: larger than any PEM key ({limit} KiB): not a key file") from None
        raise KeyFileError(f"{path}: no such key file (or not a regular file)") from None
    except OSError as exc:
        raise KeyFileError(f"{path}: cannot read the key file: {exc.strerror or exc}") from None
    if b"-----BEGIN" not in data:
        raise KeyFileError(f"{path}: not a PEM key file (no '-----BEGIN' line)")
    return data


def key_id(public_key: Any) -> str:
    """sha256 (hex) of the public key's SubjectPublicKeyInfo, DER."""
    from cryptography.hazmat.primitives import serialization

    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def _algorithm(key: Any) -> str:
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    if isinstance(key, (ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey)):
        return "ed25519"
    if isinstance(key, (ec.EllipticCurvePrivateKey, ec.EllipticCurvePublicKey)):
        if key.curve.name not in _EC_HASHES:
            raise KeyFileError(f"ECDSA curve {key.curve.name} is not supported (use P-256, P-384 or P-521)")
        return f"ecdsa-{key.curve.name}"
    if isinstance(key, (rsa.RSAPrivateKey, rsa.RSAPublicKey)):
        if key.key_size < 2048:
            raise KeyFileError(f"an RSA key of {key.key_size} bits is too weak to sign with (2048 at least)")
        return "rsa-pss-sha256"
    raise KeyFileError(f"{type(key).__name__} keys are not supported (ed25519, ECDSA or RSA)")


_EC_HASHES = {"secp256r1": "SHA256", "secp384r1": "SHA384", "secp521r1": "SHA512"}


@dataclass(frozen=True)
class Signer:
    """A private key loaded from ``--sign-key``."""

    key: Any = field(repr=False)
    keyid: str
    algorithm: str

    def sign(self, message: bytes) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec, padding

        if self.algorithm == "ed25519":
            return bytes(self.key.sign(message))
        if self.algorithm.startswith("ecdsa-"):
            algo = getattr(hashes, _EC_HASHES[self.key.curve.name])()
            return bytes(self.key.sign(message, ec.ECDSA(algo, deterministic_signing=True)))
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)
        return bytes(self.key.sign(message, pss, hashes.SHA256()))


@dataclass(frozen=True)
class PublicKey:
    """A public key loaded from ``audit verify --key``."""

    key: Any = field(repr=False)
    keyid: str
    algorithm: str

    def verifies(self, message: bytes, signature: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec, padding

        try:
            if self.algorithm == "ed25519":
                self.key.verify(signature, message)
            elif self.algorithm.startswith("ecdsa-"):
                self.key.verify(signature, message, ec.ECDSA(getattr(hashes, _EC_HASHES[self.key.curve.name])()))
            else:
                pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.AUTO)
                self.key.verify(signature, message, pss, hashes.SHA256())
        except (InvalidSignature, ValueError):
            return False
        return True


def load_signer(path: Path) -> Signer:
    """The PEM private key at ``path`` (PKCS#8, or the traditional/OpenSSH forms); encrypted
    keys take their passphrase from ``$SHIFTLEFT_SIGN_KEY_PASSPHRASE``. KeyFileError (exit 2)
    when it is not a usable key."""
    from cryptography.hazmat.primitives import serialization

    data = _read_key_file(path)
    passphrase = os.environ.get(PASSPHRASE_ENV)
    try:
        if b"OPENSSH PRIVATE KEY" in data:
            key: Any = serialization.load_ssh_private_key(data, passphrase.encode() if passphrase else None)
        else:
            key = serialization.load_pem_private_key(data, passphrase.encode() if passphrase else None)
    except TypeError:
        raise KeyFileError(f"{path}: the key is encrypted: set ${PASSPHRASE_ENV} to its passphrase") from None
    except (ValueError, binascii.Error) as exc:  # wrong passphrase, or not a private key
        hint = " (a public key? --sign-key takes the private key)" if b"PUBLIC KEY" in data else ""
        raise KeyFileError(f"{path}: not a usable PEM private key{hint}: {str(exc).splitlines()[0][:160]}") from None
    except Exception as exc:  # noqa: BLE001 - cryptography raises its own types for unsupported keys
        raise KeyFileError(f"{path}: cannot load the private key ({type(exc).__name__})") from None
    return Signer(key, key_id(key.public_key()), _algorithm(key))


def load_public_key(path: Path) -> PublicKey:
    """The PEM public key at ``path`` (SubjectPublicKeyInfo); KeyFileError (exit 2) otherwise."""
    from cryptography.hazmat.primitives import serialization

    data = _read_key_file(path)
    if b"PRIVATE KEY" in data:
        raise KeyFileError(f"{path}: is a private key; --key takes the public key (a verifier never needs it)")
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, binascii.Error) as exc:
        raise KeyFileError(f"{path}: not a usable PEM public key: {str(exc).splitlines()[0][:160]}") from None
    except Exception as exc:  # noqa: BLE001 - unsupported key types
        raise KeyFileError(f"{path}: cannot load the public key ({type(exc).__name__})") from None
    return PublicKey(key, key_id(key), _algorithm(key))


# -- DSSE ----------------------------------------------------------------------------------------


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE's pre-authentication encoding: what is signed."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def envelope(statement: Mapping[str, Any], signer: Signer | None) -> dict[str, Any]:
    """A DSSE envelope of ``statement``; no signature when ``signer`` is None (unsigned)."""
    payload = canonical(statement)
    signatures = []
    if signer is not None:
        sig = signer.sign(pae(PAYLOAD_TYPE, payload))
        signatures.append({"keyid": signer.keyid, "sig": base64.b64encode(sig).decode("ascii")})
    return {"payloadType": PAYLOAD_TYPE, "payload": base64.b64encode(payload).decode("ascii"),
            "signatures": signatures}  # fmt: skip


# -- statements ----------------------------------------------------------------------------------

_IMAGE_DIGEST = re.compile(r"@sha256:([0-9a-f]{64})$")
_LEVEL_CHARS = re.compile(r"[^A-Z0-9]+")


def subjects(report: Report, git: GitInfo, sarif_sha256: str | None) -> tuple[list[dict[str, Any]], str]:
    """(subject list, what it is: ``gitCommit`` | ``image`` | ``sarif``)."""
    image = report.meta.get("image")
    if isinstance(image, str) and (found := _IMAGE_DIGEST.search(image)):
        return [{"name": image[: found.start()][:200] or "image", "digest": {"sha256": found.group(1)}}], "image"
    if git.commit:
        return [{"name": "git commit", "digest": {"gitCommit": git.commit}}], "gitCommit"
    if sarif_sha256:
        return [{"name": "sarif/shiftleft.sarif", "digest": {"sha256": sarif_sha256}}], "sarif"
    return [], "none"


def _statement(subject: list[dict[str, Any]], predicate_type: str, predicate: dict[str, Any]) -> dict[str, Any]:
    return {"_type": STATEMENT_TYPE, "subject": subject, "predicateType": predicate_type, "predicate": predicate}


def _provenance(report: Report, name: str, stage: str) -> Mapping[str, Any]:
    """The scanner's provenance record in the log (``properties.shiftleft.scanners[i]``),
    when the scan recorded one; ``{}`` otherwise."""
    props = (report.sarif.get("properties") or {}).get("shiftleft") or {}
    entries = props.get("scanners") if isinstance(props, Mapping) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, Mapping) or entry.get("name") != name:
            continue
        if entry.get("stage") not in (None, stage):
            continue
        provenance = entry.get("provenance")
        return provenance if isinstance(provenance, Mapping) else {}
    return {}


def _sha256_of(value: object) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("sha256")
    return value if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value) else None


def _db_last_update(run: Mapping[str, Any], provenance: Mapping[str, Any]) -> str | None:
    db = provenance.get("advisoryDatabase")
    if isinstance(db, Mapping) and isinstance(db.get("updated"), str):
        return str(db["updated"])
    recorded = run.get("advisoryDatabase")
    if not isinstance(recorded, Mapping):
        return None
    stamps = [str(e.get("newestModified")) for e in (recorded.get("ecosystems") or {}).values()
              if isinstance(e, Mapping) and isinstance(e.get("newestModified"), str)]  # fmt: skip
    return max(stamps) if stamps else None


def _result(f: Finding) -> dict[str, Any]:
    severity = [{"method": "shiftleft", "score": f.severity}]
    cvss = f.properties.get("security-severity") if isinstance(f.properties, Mapping) else None
    if isinstance(cvss, (str, int, float)) and not isinstance(cvss, bool):
        severity.append({"method": "security-severity", "score": str(cvss)})
    return {
        "id": f.rule_id,
        "severity": severity,
        "annotations": [{"fingerprint": f.fingerprint, "location": f"{f.path}:{f.line}", "category": f.category,
                         "stage": f.stage, "cwe": list(f.cwe), "suppressed": f.suppressed}],
    }  # fmt: skip


def _merged(f: Finding, name: str) -> list[dict[str, Any]]:
    """What ``name`` reported of the problem ``f`` is (``sarif.dedup`` kept another tool's
    result and recorded this one in ``properties.alsoReportedBy``): a scanner's statement
    lists it too, or dedup would make the scanner look as if it found nothing."""
    also = f.properties.get("alsoReportedBy") if isinstance(f.properties, Mapping) else None
    out = []
    for entry in also if isinstance(also, list) else []:
        if not isinstance(entry, Mapping) or entry.get("tool") != name:
            continue
        severity = [{"method": "shiftleft", "score": str(entry.get("severity") or f.severity)}]
        if isinstance(entry.get("security-severity"), (str, int, float)):
            severity.append({"method": "security-severity", "score": str(entry["security-severity"])})
        out.append({"id": str(entry.get("ruleId") or f.rule_id), "severity": severity,
                    "annotations": [{"fingerprint": entry.get("fingerprint"), "location": f"{f.path}:{f.line}",
                                     "category": f.category, "stage": f.stage, "cwe": list(f.cwe),
                                     "suppressed": f.suppressed, "sameProblemAs": f.fingerprint}]})  # fmt: skip
    return out


#: run properties that say how much a scanner looked at (an empty result list means little
#: when it checked no package: the osv scanner leaves Python to pip-audit, say)
_COVERAGE_KEYS = ("packagesChecked", "filesScanned", "pythonEngine")


def _coverage(report: Report, name: str, stage: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for run in report.sarif.get("runs") or []:
        props = ((run.get("properties") or {}).get("shiftleft") or {}) if isinstance(run, Mapping) else {}
        if isinstance(props, Mapping) and props.get("scanner") == name and props.get("stage") == stage:
            out.update({k: props[k] for k in _COVERAGE_KEYS if isinstance(props.get(k), (int, str))})
            items = props.get("notAssessed")
            if isinstance(items, list):
                out["itemsNotAssessed"] = len(items)
    return out


def _results_of(report: Report, name: str, stage: str) -> list[dict[str, Any]]:
    own = [f for f in report.findings if f.tool == name and f.stage == stage]
    results = [_result(f) for f in sorted(own, key=lambda f: (f.rule_id, f.path, f.line, f.fingerprint))]
    for f in report.findings:
        if f.stage == stage and f.tool != name:
            results.extend(_merged(f, name))
    return results


def _vulns(report: Report, scanner: Mapping[str, Any], sarif_sha256: str | None) -> dict[str, Any]:
    name, stage = str(scanner["name"]), str(scanner["stage"])
    provenance = _provenance(report, name, stage)
    tool = provenance.get("tool") if isinstance(provenance.get("tool"), Mapping) else {}
    assert isinstance(tool, Mapping)
    described: dict[str, Any] = {
        "uri": f"pkg:generic/{name}@{scanner.get('toolVersion') or scanner.get('version') or 'unknown'}",
        "version": scanner.get("toolVersion") or scanner.get("version"),
    }
    digests = {k: v for k, v in {
        "tool": _sha256_of(tool), "rulePack": _sha256_of(provenance.get("rulePack")),
        "advisoryDatabase": _sha256_of(provenance.get("advisoryDatabase")),
    }.items() if v}  # fmt: skip
    if digests:
        described["digest"] = {"sha256": digests["tool"]} if digests.get("tool") else {}
        described["digests"] = digests
        if isinstance(tool.get("digestOf"), str):
            described["digestOf"] = tool["digestOf"]
        if provenance.get("pinned") in ("match", "mismatch", "unpinned"):
            described["pinned"] = provenance["pinned"]  # against this release's scanner-pins.json
    last_update = _db_last_update(scanner, provenance)
    if last_update or "advisoryDatabase" in digests:
        described["db"] = {k: v for k, v in {"lastUpdate": last_update,
                                             "version": digests.get("advisoryDatabase")}.items() if v}  # fmt: skip
    described["result"] = _results_of(report, name, stage)
    coverage = _coverage(report, name, stage)
    if coverage:
        described["coverage"] = coverage
    return {
        "invocation": {
            "uri": "shiftleft scan", "producer_id": f"shiftleft {__version__}",
            "event_id": str(report.meta.get("startTime") or ""),
            "parameters": {"stage": stage, "category": scanner.get("category"), "sarifSha256": sarif_sha256},
        },
        "scanner": described,
        "metadata": {"scanStartedOn": scanner.get("startTime") or report.meta.get("startTime"),
                     "scanFinishedOn": scanner.get("endTime") or report.meta.get("endTime")},
    }  # fmt: skip


def _test_result(report: Report, configuration: Sequence[Mapping[str, Any]],
                 sarif_sha256: str | None) -> dict[str, Any]:  # fmt: skip
    rules = report.gate.rules
    return {
        "result": "PASSED" if report.gate.passed else "FAILED",
        "configuration": [*configuration,
                          {"name": f"gate policy {report.gate.policy}", "annotations": {"shiftleftGate": True}}],
        "passedTests": [r.id for r in rules if r.passed],
        "warnedTests": [],
        "failedTests": [r.id for r in rules if not r.passed],
        "annotations": {
            "verdict": str(report.gate.verdict), "exitCode": report.gate.exit_code, "sarifSha256": sarif_sha256,
            "rules": [{"id": r.id, "kind": r.kind, "passed": r.passed, "description": r.description,
                       "detail": r.detail} for r in rules],
        },
    }  # fmt: skip


def _level(*parts: str) -> str:
    return "SHIFTLEFT_" + "_".join(_LEVEL_CHARS.sub("_", p.upper()).strip("_") for p in parts)


def _vsa(report: Report, subject: Sequence[Mapping[str, Any]], policies: Sequence[Mapping[str, Any]],
         sarif_sha256: str | None, inputs: Sequence[Mapping[str, Any]]) -> dict[str, Any]:  # fmt: skip
    digests = [f"{k}:{v}" for item in subject for k, v in (item.get("digest") or {}).items()]
    resource_uri = digests[0] if digests else "unknown"
    levels = [_level("GATE", "PASSED")] if report.gate.passed else []
    controls: dict[str, dict[str, list[str]]] = {}
    for fw in report.frameworks:
        states: dict[str, list[str]] = {}
        for c in fw.controls:
            states.setdefault(c.state, []).append(c.control_id)
            if c.state == "pass":
                levels.append(_level(fw.id, c.control_id))
        controls[fw.id] = states
    return {
        "verifier": {"id": VERIFIER_ID, "version": {"shiftleft": __version__}},
        "timeVerified": report.meta.get("endTime") or report.meta.get("startTime"),
        "resourceUri": resource_uri,
        "policy": policies[0] if policies else {"uri": f"shiftleft:gate/{report.gate.policy}"},
        "inputAttestations": list(inputs),
        "verificationResult": "PASSED" if report.gate.passed else "FAILED",
        "verifiedLevels": sorted(levels),
        "annotations": {"gate": str(report.gate.verdict), "gatePolicy": report.gate.policy,
                        "controls": controls, "sarifSha256": sarif_sha256,
                        "notAssessed": sorted({f"{s.name}/{s.stage}" for s in report.statuses
                                               if s.applicable and not s.assessed})},
    }  # fmt: skip


@dataclass(frozen=True)
class Statements:
    #: (member name under attestations/, statement), in the order they are written
    items: tuple[tuple[str, dict[str, Any]], ...]
    #: what the subject is: gitCommit | image | sarif | none
    subject_kind: str
    subject: tuple[dict[str, Any], ...]


def build(report: Report, git: GitInfo, sarif_sha256: str | None, scanners: Sequence[Mapping[str, Any]],
          policy_files: Sequence[Mapping[str, Any]]) -> Statements:  # fmt: skip
    """The statements of one scan. ``scanners``: the bundle's scanner evidence (health and
    run times); ``policy_files``: ``{"name", "digest": {"sha256"}}`` of the gate/framework/
    waiver files the bundle holds."""
    subject, kind = subjects(report, git, sarif_sha256)
    items: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    for scanner in scanners:
        if not scanner.get("assessed") or scanner.get("category") == "sbom":
            continue
        stem = _LEVEL_CHARS.sub("-", f"{scanner['name']}-{scanner['stage']}".upper()).strip("-").lower()
        base, n = stem or "scanner", 1
        while stem in seen or not stem:
            n += 1
            stem = f"{base}-{n}"
        seen.add(stem)
        items.append((f"vulns-{stem}.dsse.json", _statement(subject, VULNS, _vulns(report, scanner, sarif_sha256))))
    items.append(("test-result-gate.dsse.json", _statement(subject, TEST_RESULT,
                                                           _test_result(report, policy_files, sarif_sha256))))
    inputs = [{"uri": f"attestations/{name}", "digest": {"sha256": hashlib.sha256(canonical(s)).hexdigest()}}
              for name, s in items]  # fmt: skip
    items.append(("verification-summary.dsse.json",
                  _statement(subject, VSA, _vsa(report, subject, policy_files, sarif_sha256, inputs))))
    return Statements(tuple(items), kind, tuple(subject))


# -- verification --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnvelopeCheck:
    statement: dict[str, Any] | None
    #: the keyids of the signatures the envelope carries
    keyids: tuple[str, ...]
    #: True: a signature verified with the key given; False: none did; None: no key given
    verified: bool | None
    problems: tuple[str, ...]


def check_envelope(raw: bytes, key: PublicKey | None) -> EnvelopeCheck:
    """Parse one DSSE envelope (bounded), check its signature with ``key`` and that its
    payload is an in-toto Statement v1. The payload is decoded only to be parsed."""
    problems: list[str] = []
    if len(raw) > MAX_ENVELOPE_BYTES:
        return EnvelopeCheck(None, (), None, ("larger than any envelope shiftleft writes",))
    try:
        env = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        return EnvelopeCheck(None, (), None, (f"not a DSSE envelope (not JSON: {str(exc)[:120]})",))
    if not isinstance(env, dict) or env.get("payloadType") != PAYLOAD_TYPE or not isinstance(env.get("payload"), str):
        return EnvelopeCheck(None, (), None, (f"not a DSSE envelope with payloadType {PAYLOAD_TYPE}",))
    try:
        payload = base64.b64decode(env["payload"], validate=True)
    except (binascii.Error, ValueError):
        return EnvelopeCheck(None, (), None, ("the payload is not base64",))
    sigs = env.get("signatures")
    sigs = [s for s in sigs if isinstance(s, dict)] if isinstance(sigs, list) else []
    keyids = tuple(str(s.get("keyid"))[:80] for s in sigs)
    verified: bool | None = None
    if key is not None:
        verified = False
        message = pae(PAYLOAD_TYPE, payload)
        for s in sigs:
            try:
                sig = base64.b64decode(str(s.get("sig", "")), validate=True)
            except (binascii.Error, ValueError):
                continue
            if key.verifies(message, sig):
                verified = True
                break
        if not sigs:
            problems.append("unsigned: no signature to check")
        elif not verified:
            known = key.keyid in keyids
            problems.append("signature does not verify with the key given" + (
                " (the payload was altered after signing)" if known else
                f" (signed by key {', '.join(k[:16] for k in keyids)}..., not {key.keyid[:16]}...)"))
    try:
        statement = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        problems.append("the payload is not JSON")
        return EnvelopeCheck(None, keyids, verified, tuple(problems))
    if not isinstance(statement, dict) or statement.get("_type") != STATEMENT_TYPE:
        problems.append(f"the payload is not an in-toto Statement ({STATEMENT_TYPE})")
        return EnvelopeCheck(None, keyids, verified, tuple(problems))
    if not isinstance(statement.get("subject"), list) or not isinstance(statement.get("predicate"), dict):
        problems.append("the statement has no subject list or predicate")
        return EnvelopeCheck(None, keyids, verified, tuple(problems))
    return EnvelopeCheck(statement, keyids, verified, tuple(problems))


def sarif_digest_of(statement: Mapping[str, Any]) -> object:
    """The SARIF sha256 a statement says it was built from."""
    predicate = statement.get("predicate") or {}
    if not isinstance(predicate, Mapping):
        return None
    for holder in (predicate.get("annotations"), (predicate.get("invocation") or {}).get("parameters")
                   if isinstance(predicate.get("invocation"), Mapping) else None):  # fmt: skip
        if isinstance(holder, Mapping) and "sarifSha256" in holder:
            return holder["sarifSha256"]
    return None


__all__ = [
    "PAYLOAD_TYPE",
    "STATEMENT_TYPE",
    "TEST_RESULT",
    "VSA",
    "VULNS",
    "EnvelopeCheck",
    "KeyFileError",
    "PublicKey",
    "Signer",
    "Statements",
    "build",
    "check_envelope",
    "envelope",
    "load_public_key",
    "load_signer",
    "pae",
    "sarif_digest_of",
    "subjects",
]
