"""Fixture builders of the redaction attacks: one per leak class. Every planted secret is
random per call (no well-known example key a tool might allowlist), and every builder
returns the values a test must never find in an output."""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import sqlite3
import string
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
HOST = "git.example.invalid"
_rng = random.SystemRandom()


def aws_key_id() -> str:
    return "AKIA" + "".join(_rng.choice(string.ascii_uppercase + "234567") for _ in range(16))


def aws_secret_key() -> str:
    return "".join(_rng.choice(string.ascii_letters + string.digits + "/+") for _ in range(40))


def github_token() -> str:
    return "ghp_" + "".join(_rng.choice(string.ascii_letters + string.digits) for _ in range(36))


def parts(secret: str, size: int = 8) -> set[str]:
    """Every recognisable part of a secret: its substrings of ``size`` characters."""
    return {secret[i : i + size] for i in range(len(secret) - size + 1)} or {secret}


@dataclass
class Planted:
    root: Path
    #: values that must appear nowhere, nor any 8-character part of them
    secrets: list[str] = field(default_factory=list)


def build_only_repo(root: Path) -> Planted:
    """Deploy/build files only: a Dockerfile with an AWS key pair in ENV (unquoted, as
    Dockerfiles write them), a terraform provider with a key pair where the line after the
    flagged one carries a second secret, and requirements with a tokened VCS URL."""
    root.mkdir(parents=True, exist_ok=True)
    key_id, secret, second, token = aws_key_id(), aws_secret_key(), aws_secret_key(), github_token()
    (root / "Dockerfile").write_text(
        "FROM python:3.12-slim\n"
        f"ENV AWS_ACCESS_KEY_ID={key_id}\n"
        f"ENV AWS_SECRET_ACCESS_KEY={secret}\n"
        "RUN pip install flask\n",
        encoding="utf-8",
    )
    (root / "main.tf").write_text(
        'provider "aws" {\n'
        '  region     = "eu-west-1"\n'
        f'  access_key = "{key_id}"\n'
        f'  secret_key = "{second}"\n'
        "}\n"
        'resource "aws_s3_bucket" "data" {\n'
        '  bucket = "data"\n'
        "}\n",
        encoding="utf-8",
    )
    (root / "requirements.txt").write_text(
        f"-e git+https://deploy:{token}@{HOST}/team/lib.git#egg=lib\n"
        f"private @ git+https://ci:{token}@{HOST}/team/private.git\n"
        "flask==2.0.0\n",
        encoding="utf-8",
    )
    return Planted(root, [key_id, secret, second, token])


def weak_password_repo(root: Path) -> Planted:
    """``password = "test"`` in a settings file under ``tests/``: detect-secrets reports the
    weak value; the word "test" is everywhere else (stage, paths, prose)."""
    (root / "tests").mkdir(parents=True, exist_ok=True)
    (root / "tests" / "test_settings.py").write_text(
        '"""settings for the test suite: the test database."""\n'
        'DATABASES = {"default": {"NAME": "test"}}\n'
        'password = "test"\n'
        "def test_login():\n"
        "    assert password\n",
        encoding="utf-8",
    )
    return Planted(root, [])


def engine_blind_spots_repo(root: Path, marker: Path) -> Planted:
    """Secrets detect-secrets skips unless told: a text file named ``*.png`` and one named
    ``*.lock``; a ``# pragma: allowlist secret`` line; and a ``detect_secrets`` package at
    the root that writes ``marker`` if the engine ever imported it from the repository."""
    root.mkdir(parents=True, exist_ok=True)
    in_png, in_lock, allowed = github_token(), github_token(), aws_key_id()
    (root / "logo.png").write_text(f'token = "{in_png}"\n', encoding="utf-8")
    (root / "deps.lock").write_text(f'auth: "{in_lock}"\n', encoding="utf-8")
    (root / "app.py").write_text(f'KEY = "{allowed}"  # pragma: allowlist secret\n', encoding="utf-8")
    pkg = root / "detect_secrets"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(f"open({str(marker)!r}, 'w').write('pwned')\n", encoding="utf-8")
    return Planted(root, [in_png, in_lock, allowed])


def docker_archive(path: Path, config: dict[str, object], tags: list[str] | None = None) -> Path:
    """A minimal ``docker save`` tarball: one empty layer and the given config."""
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w"):
        pass
    blob = layer.getvalue()
    diff_id = "sha256:" + hashlib.sha256(blob).hexdigest()
    cfg = {"architecture": "amd64", "os": "linux", **config, "rootfs": {"type": "layers", "diff_ids": [diff_id]}}
    cfg_bytes = json.dumps(cfg).encode()
    cfg_name = hashlib.sha256(cfg_bytes).hexdigest() + ".json"
    manifest = [{"Config": cfg_name, "RepoTags": tags or ["hostile/redact:1.0"], "Layers": ["l0/layer.tar"]}]
    members = ((cfg_name, cfg_bytes), ("l0/layer.tar", blob), ("manifest.json", json.dumps(manifest).encode()))
    with tarfile.open(path, "w") as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def image_config_archive(path: Path) -> Planted:
    """Image config whose keys are the secrets: an ENV entry without ``=`` (the whole entry
    is a token) and a label whose key is a token; plus a normal ``KEY=secret`` entry."""
    bare, label_key, value = github_token(), github_token(), aws_secret_key()
    config = {
        "config": {
            "User": "app",
            "Env": ["PATH=/usr/bin", bare, f"AWS_SECRET_ACCESS_KEY={value}"],
            "Labels": {label_key: "1", "maintainer": "team@example.invalid"},
        },
        "history": [{"created_by": "/bin/sh -c #(nop) ADD file:abc in / "}],
    }
    docker_archive(path, config)
    return Planted(path.parent, [bare, label_key, value])


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str
    #: every output as text: report files, the unpacked audit bundle, the history database
    outputs: dict[str, str]

    def everything(self) -> str:
        return "\n".join([self.stdout, self.stderr, *self.outputs.values()])


def _read_outputs(out: Path, history: Path | None) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as bundle:
                for name in bundle.namelist():
                    texts[f"{path.name}!{name}"] = bundle.read(name).decode("utf-8", "replace")
        else:
            texts[str(path.relative_to(out))] = path.read_text("utf-8", "replace")
    if history is not None and history.exists():
        with sqlite3.connect(history) as conn:
            texts["history.db"] = "\n".join(conn.iterdump())
    return texts


def with_detect_secrets(tmp: Path) -> tuple[str, str]:
    """``--config`` of a file that turns detect-secrets on (it is off by default; Betterleaks
    is the default engine), for the tests of detect-secrets' own behaviour."""
    config = tmp / "detect-secrets-on.yaml"
    config.write_text("scanners:\n  detect-secrets: true\n", "utf-8")
    return "--config", str(config)


def run_cli(root: Path, out: Path, *args: str, history: Path | None = None, timeout: float = 600) -> CliRun:
    """``python -m shiftleft scan`` as a user runs it, every format, an audit bundle, and
    the history in ``history`` (or none)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "SEMGREP_ENABLE_VERSION_CHECK": "0", "NO_COLOR": "1"}
    env.setdefault("SHIFTLEFT_TOOLS_DIR", str(Path("/work/main/.ci-tools")))
    argv = [sys.executable, "-m", "shiftleft", "scan", str(root), "-o", str(out), "--audit-out", str(out / "audit.zip")]
    for fmt in ("sarif", "json", "html", "markdown", "pr-comment", "csv", "junit"):
        argv += ["-f", fmt]
    argv += ["--history", str(history)] if history is not None else ["--no-history"]
    proc = subprocess.run(
        [*argv, *args], capture_output=True, text=True, timeout=timeout, env=env, cwd=root.parent, check=False
    )
    return CliRun(proc.returncode, proc.stdout, proc.stderr, _read_outputs(out, history))


def config_error_repo(root: Path) -> Planted:
    """A ``shiftleft.yaml`` whose invalid values are credentials: the one-line error quotes
    the value it rejects."""
    root.mkdir(parents=True, exist_ok=True)
    token, password = github_token(), aws_secret_key()
    (root / "shiftleft.yaml").write_text(f'timeout: "https://ci:{password}@{HOST}/{token}"\n', encoding="utf-8")
    return Planted(root, [token, password])


def forged_log(path: Path) -> tuple[Path, list[str]]:
    """A shiftleft SARIF log (the report tests' scan) as a forged or older one could be:
    an AWS key pair and a GitHub token in a SAST result's message and snippets, and a
    tokened URL in a notification. Returns the file and the values."""
    import copy

    from tests.report.conftest import load_scan

    log = copy.deepcopy(load_scan())
    key_id, secret, token = aws_key_id(), aws_secret_key(), github_token()
    sast = next(r for r in log["runs"] if r.get("results") and r["properties"]["shiftleft"]["category"] == "sast")
    result = sast["results"][0]
    result["message"]["text"] = f"query built with key {key_id} and token {token}"
    phys = result["locations"][0]["physicalLocation"]
    phys["region"]["snippet"]["text"] = f'    aws_secret_access_key = "{secret}"\n'
    phys["contextRegion"]["snippet"]["text"] = (
        f'    AWS_ACCESS_KEY_ID = "{key_id}"\n    aws_secret_access_key = "{secret}"\n'
    )
    sast.setdefault("invocations", [{}])[0].setdefault("toolExecutionNotifications", []).append(
        {"level": "note", "message": {"text": f"fetched https://ci:{token}@{HOST}/repo.git"}}
    )
    path.write_text(json.dumps(log), "utf-8")
    return path, [key_id, secret, token]


def forged_scorecard(path: Path, sarif: Path, tmp: Path) -> tuple[Path, list[str]]:
    """A scorecard.json whose first finding's message carries a GitHub token (a forged or
    older file): written by ``report --from`` of a clean log, then edited."""
    from tests.conftest import shiftleft

    out = tmp / "card-src"
    res = shiftleft("report", "--from", str(sarif), "-o", str(out), "-f", "json", timeout=120)
    assert res.returncode in (0, 1, 3), res.stderr
    card = json.loads((out / "scorecard.json").read_text("utf-8"))
    token = github_token()
    card["findings"][0]["message"] = f"leaked {token} here"
    path.write_text(json.dumps(card), "utf-8")
    return path, [token]
