"""``shiftleft audit``: export an audit bundle from a scan's output, and verify one.

Exit codes of ``verify``: 0 intact, 1 altered (every difference is printed: a member, a
signature that does not verify with ``--key``, a statement about another subject, a zip whose
sha256 is not ``--expect-sha256``), 2 not a shiftleft audit bundle (or not readable at all, or
a key file that is not a key). ``export``: 0 written, 2 usage error (a bad ``--sign-key``, or
``--sign sigstore`` where keyless signing cannot work).
Thin like ``cli.py``: the work is in ``shiftleft.audit``.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import asdict, replace
from pathlib import Path
from typing import Annotated

import typer

from shiftleft import attest
from shiftleft.audit import AuditError, InputFile, NotAnAuditBundle, export_bundle, verify_bundle
from shiftleft.cli_common import echo, fail, warn
from shiftleft.config import Config, ConfigError, load
from shiftleft.errors import EXIT_ALTERED, EXIT_INTACT, EXIT_NOT_A_BUNDLE, ShiftleftError
from shiftleft.model import Report
from shiftleft.policy.engine import PolicyOptions
from shiftleft.report import rebuild
from shiftleft.report.model import ReportInputError, assemble_report
from shiftleft.report.rebuild import SARIF_NAME, SCORECARD_NAME

app = typer.Typer(
    name="audit",
    help="Export a compliance audit bundle (zip with a sha256 manifest) and verify one.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _sources(source: Path) -> tuple[Path | None, Path | None]:
    """(SARIF log, scorecard.json) to read: a scan's output directory may hold both; a
    file given directly is whichever kind it is."""
    if source.is_dir():
        try:
            return rebuild.reports_in(source)
        except ReportInputError as exc:
            fail(str(exc))
    if not source.is_file():
        fail(f"{source}: no such file or directory")
    try:
        kind = rebuild.kind_of(rebuild.load_json(source))
    except ReportInputError as exc:
        fail(f"{source}: {exc}" if str(source) not in str(exc) else str(exc))
    return (source, None) if kind == "sarif" else (None, source)


def _config_for(config_file: Path | None) -> Config:
    """The config to recompute a gate with: ``--config``, else the defaults. The scanned
    directory a log names is never searched for one: a crafted log could name any
    directory on this machine, and a config found there would be read into the bundle."""
    if config_file is None:
        return Config()
    try:
        return load(config_file, Path.cwd())
    except ConfigError as exc:
        fail(str(exc))


def load_report(source: Path, config_file: Path | None) -> tuple[Report, Config]:
    """The scan's Report, as faithfully as its files allow: ``scorecard.json`` holds what
    the scan decided (gate, frameworks, history) and is taken as is; the SARIF log adds the
    complete results. With only the SARIF, the gate is recomputed under ``--config`` (else
    the defaults)."""
    sarif_path, card_path = _sources(source)
    config = _config_for(config_file)
    notes: list[str] = []
    try:
        sarif = rebuild.trusted_log(rebuild.load_json(sarif_path), str(sarif_path), notes) if sarif_path else {}
        for note in notes:
            warn(note)
        if card_path is not None:
            report, _ = rebuild.load_report(card_path)
            return (replace(report, sarif=sarif) if sarif_path else report), config
        options = PolicyOptions(no_target_waivers=True, gate_config=config.gate, gate_explicit=config.gate_keys)
        assembled = assemble_report(sarif, options)
        for notice in assembled.notices:
            warn(notice)
        return assembled.report, config
    except ShiftleftError as exc:  # unreadable input, or a policy that cannot be used
        fail(exc.message, exc.exit_code)
    except (TypeError, AttributeError, KeyError, ValueError) as exc:
        fail(f"{sarif_path}: malformed shiftleft SARIF log ({type(exc).__name__}: {exc})")


def with_framework(report: Report, framework: str | None) -> tuple[Report, list[Path]]:
    """Make sure ``framework`` is evaluated: a scan that did not evaluate it (or a bare
    SARIF log) gets it from the shipped compliance frameworks, judged on the same findings
    and scanner health. Returns the report and the framework file used, for the bundle."""
    if framework is None or any(fw.id == framework for fw in report.frameworks):
        return report, []
    from shiftleft.policy.frameworks import evaluate_framework, evidence_from_log
    from shiftleft.policy.loader import shipped_frameworks

    shipped = shipped_frameworks()
    if framework not in shipped:
        known = ", ".join(sorted({*shipped, *(fw.id for fw in report.frameworks)})) or "none"
        fail(f"unknown framework {framework!r}; known: {known}")
    spec = shipped[framework]
    evidence = evidence_from_log(report.sarif, report.statuses) if report.sarif else None
    result = evaluate_framework(spec, report.findings, report.statuses, evidence)
    return replace(report, frameworks=(*report.frameworks, result)), [spec.source] if spec.source else []


@app.command("export")
def export(
    source: Annotated[
        Path,
        typer.Option("--from", metavar="DIR|FILE",
                     help=f"A scan's output directory ({SARIF_NAME}, {SCORECARD_NAME}) or one of them."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FILE", help="The zip to write.")] = Path("audit.zip"),
    framework: Annotated[
        str | None,
        typer.Option("--framework", metavar="ID",
                     help="Framework whose per-control evidence to include (default: all evaluated)."),
    ] = None,
    config_file: Annotated[
        Path | None,
        typer.Option("--config", "-c", metavar="FILE",
                     help="The config file the scan used (default: none; a config path or directory named inside the "
                     "log is never read)."),
    ] = None,
    policy: Annotated[
        list[Path] | None, typer.Option("--policy", metavar="FILE", help="A policy file the scan used; repeatable.")
    ] = None,
    sign_key: Annotated[
        Path | None,
        typer.Option("--sign-key", metavar="FILE",
                     help="PEM private key (ed25519, ECDSA P-256/384/521 or RSA) to sign the in-toto attestations "
                     f"with, offline; an encrypted key reads its passphrase from ${attest.PASSPHRASE_ENV}."),
    ] = None,
    sign: Annotated[
        str | None,
        typer.Option("--sign", metavar="sigstore",
                     help="Keyless signing with Sigstore (needs network and an OIDC identity; fails at once where "
                     "it cannot work). Offline, use --sign-key."),
    ] = None,
) -> None:
    """Write an audit bundle: index, scorecard, merged SARIF, SBOM, per-control evidence, framework files, inputs,
    in-toto attestations, manifest."""
    if sign is not None:
        _keyless(sign, sign_key)
    signer = _signer(sign_key) if sign_key is not None else None
    if str(out) == "-":
        fail("-o/--out names the zip file to write; standard output ('-') is not supported")
    if out.exists() and out.is_dir():
        fail(f"{out}: is a directory")
    for path in policy or []:
        if not path.is_file():
            fail(f"{path}: no such policy file")
    report, config = load_report(source, config_file)
    report, framework_files = with_framework(report, framework)
    inputs = [InputFile("config", config.source)] if config.source else []
    inputs += [InputFile("policy", p) for p in [*(policy or []), *framework_files]]
    # the artifacts a log records are looked up by name only in the directory given to --from
    artifact_dirs = (source,) if source.is_dir() else ()
    try:
        result = export_bundle(report, out, framework=framework, inputs=inputs, artifact_dirs=artifact_dirs,
                               extra_manifest={"exportedFrom": str(source)}, signer=signer)  # fmt: skip
    except AuditError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    for what, why in result.unavailable.items():
        warn(f"not in the bundle: {what}: {why}")
    echo(f"wrote {out} ({len(result.members)} files)")
    if signer is not None:
        echo(f"attestations signed with key {signer.keyid} ({signer.algorithm})")
    else:
        echo("attestations unsigned (integrity only): pass --sign-key FILE to sign them")
    echo(f"sha256 {result.sha256}  {out.name}")


def _keyless(mode: str, sign_key: Path | None) -> None:
    """``--sign sigstore``: refused at once, before any work, with what it would need. No
    network is tried: an offline machine must never hang on a signing service."""
    if mode != "sigstore":
        fail(f"--sign {mode!r}: the only keyless mode is 'sigstore' (or sign with a key: --sign-key FILE)")
    if sign_key is not None:
        fail("--sign sigstore and --sign-key are exclusive: sign with a key or keyless, not both")
    if importlib.util.find_spec("sigstore") is None:
        fail("--sign sigstore: keyless signing needs the 'sigstore' package, an OIDC identity and network access "
             "to a Sigstore instance; none is set up here. Sign offline with --sign-key FILE")  # fmt: skip
    fail("--sign sigstore: keyless signing is not supported by this shiftleft yet (it needs an OIDC identity and "
         "the Fulcio and Rekor services online). Sign offline with --sign-key FILE")  # fmt: skip


def _signer(path: Path) -> attest.Signer:
    try:
        return attest.load_signer(path)
    except attest.KeyFileError as exc:
        fail(exc.message, exc.exit_code)


@app.command("verify")
def verify(
    bundle: Annotated[Path, typer.Argument(metavar="BUNDLE", help="The audit zip to check.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    key: Annotated[
        Path | None,
        typer.Option("--key", metavar="PUB",
                     help="PEM public key: every attestation's signature must verify with it (offline)."),
    ] = None,
    expect_sha256: Annotated[
        str | None,
        typer.Option("--expect-sha256", metavar="HEX",
                     help="The zip's sha256 as printed at export, recorded out of band: the bundle must be that one."),
    ] = None,
) -> None:
    """Check every file of an audit bundle against its manifest, the attestations' signatures (--key) and the zip's
    digest (--expect-sha256). Exit 0 intact, 1 altered, 2 not a bundle."""
    if expect_sha256 is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", expect_sha256.strip()):
        fail("--expect-sha256 takes the 64 hex digits printed at export")
    public = None
    if key is not None:
        try:
            public = attest.load_public_key(key)
        except attest.KeyFileError as exc:
            fail(exc.message, exc.exit_code)
    try:
        result = verify_bundle(bundle, key=public, expect_sha256=expect_sha256.strip() if expect_sha256 else None)
    except NotAnAuditBundle as exc:
        fail(str(exc), EXIT_NOT_A_BUNDLE)
    code = EXIT_INTACT if result.intact else EXIT_ALTERED
    if as_json:
        typer.echo(json.dumps({
            "bundle": str(bundle), "intact": result.intact, "created": result.created,
            "shiftleftVersion": result.shiftleft_version, "verified": list(result.verified),
            "sha256": result.sha256, "signature": result.signature, "subject": result.subject,
            "problems": [asdict(p) for p in result.problems],
        }, indent=2))  # fmt: skip
        raise typer.Exit(code)
    for problem in result.problems:
        echo(problem)
    echo(f"sha256 {result.sha256}" + (" (as expected)" if expect_sha256 and not any(
        p.kind == "digest-mismatch" for p in result.problems) else ""))  # fmt: skip
    echo(f"attestations: {result.signature}" + (f"; subject {result.subject}" if result.subject else ""))
    if result.intact:
        typer.echo(f"intact: {len(result.verified)} files match the manifest "
                   f"(created {result.created}, shiftleft {result.shiftleft_version})")  # fmt: skip
    else:
        typer.echo(f"ALTERED: {len(result.problems)} problem(s); {len(result.verified)} files match the manifest")
    raise typer.Exit(code)
