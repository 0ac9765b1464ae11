"""Checks of an image's *configuration* (user, healthcheck, ports, env, labels, history).

These are facts of the image config JSON, mapped to the CIS Docker Benchmark. Secret
detection is not ours: the strings are handed to detect-secrets' library (filters and
all), and only the secret *type* is reported — never the value, never the line.

The config is the image author's (hostile) text: at most ``MAX_SECRET_STRINGS`` strings and
``MAX_SECRET_BYTES`` bytes of them (ENV first, then labels, then history) go to the
secrets engine; the rest are counted as *not checked*, and the container run says so
(not assessed), never a silent clean.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: ENV entries, labels and history steps handed to detect-secrets per image (a real image
#: has tens to a few hundred)
MAX_SECRET_STRINGS = 5_000
#: bytes of those strings (a real image config is a few KiB to a few hundred)
MAX_SECRET_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class ConfigRule:
    """A configuration check, with its stable id and benchmark references."""

    id: str
    name: str
    short: str
    help: str
    #: CIS Docker Benchmark (v1.6) recommendation numbers
    cis: tuple[str, ...]
    #: SARIF level when it fires
    level: str = "warning"
    #: CWE ids the finding is an instance of
    cwe: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConfigFinding:
    rule: str
    message: str
    #: where in the config, e.g. ``config.Env``, ``history[4]`` (a logical location)
    where: str


RULES: dict[str, ConfigRule] = {
    r.id: r
    for r in (
        ConfigRule(
            "SL-IMG-001",
            "RunsAsRoot",
            "The image runs as root",
            "Set a non-root USER in the Dockerfile: a process escaping the application as root "
            "owns the container and is one kernel bug away from the host.",
            ("4.1",),
            "error",
            cwe=("CWE-250",),
        ),
        ConfigRule(
            "SL-IMG-002",
            "NoHealthcheck",
            "The image has no HEALTHCHECK",
            "Add a HEALTHCHECK instruction so the engine can detect and restart a hung service.",
            ("4.6",),
            "note",
        ),
        ConfigRule(
            "SL-IMG-003",
            "SecretInEnv",
            "A secret is baked into the image environment",
            "Environment variables of an image are readable by anyone who can pull it. Pass secrets at "
            "run time (orchestrator secrets, mounted files) and rotate the exposed one.",
            ("4.10",),
            "error",
            cwe=("CWE-798",),
        ),
        ConfigRule(
            "SL-IMG-004",
            "SecretInLabel",
            "A secret is stored in an image label",
            "Labels are public metadata of the image. Remove the secret and rotate it.",
            ("4.10",),
            "error",
            cwe=("CWE-798",),
        ),
        ConfigRule(
            "SL-IMG-005",
            "SecretInHistory",
            "A secret appears in the image build history",
            "Build arguments and RUN commands are recorded in the image history, visible to anyone who "
            "pulls it. Use build secrets (RUN --mount=type=secret) and rotate the exposed one.",
            ("4.10",),
            "error",
            cwe=("CWE-798",),
        ),
        ConfigRule(
            "SL-IMG-006",
            "AdminPortExposed",
            "The image exposes a remote administration port",
            "SSH, telnet, RDP, VNC, WinRM or the Docker API should not run in an application container; "
            "use `docker exec`/`kubectl exec` for administration.",
            ("5.7", "5.9"),
            "error",
        ),
        ConfigRule(
            "SL-IMG-007",
            "AddFromRemoteUrl",
            "A layer was added with ADD from a remote URL",
            "ADD <url> downloads without integrity check. Download with a pinned checksum in a RUN step "
            "(or ADD --checksum) and prefer COPY.",
            ("4.9",),
            "warning",
            cwe=("CWE-494",),
        ),
        ConfigRule(
            "SL-IMG-008",
            "UnpinnedTag",
            "The image or its base is untagged or tagged latest",
            "A moving tag means the scanned image is not necessarily the one deployed. Tag releases "
            "immutably and pin base images by version (or digest).",
            (),
            "note",
        ),
    )
}

ADMIN_PORTS: dict[int, str] = {
    22: "SSH",
    23: "telnet",
    2375: "Docker API (plain)",
    2376: "Docker API",
    3389: "RDP",
    5900: "VNC",
    5985: "WinRM",
    5986: "WinRM",
}
_REMOTE_ADD = re.compile(r"\bADD\b(?:\s+--\S+)*\s+((?:https?|ftp)://\S+)", re.IGNORECASE)
_INSTRUCTION = re.compile(r"^(?:/bin/sh -c\s+)?(?:#\(nop\)\s*)?([A-Z]+)\b")
#: checksums and GPG fingerprints (PYTHON_SHA256, GPG_KEY in official images) are hex by
#: nature; detect-secrets' hex entropy plugin is ignored here for that reason only.
_IGNORED_SECRET_TYPES = frozenset({"Hex High Entropy String"})
#: an ENV or label key printed in a message: a plain name, nothing else
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-/]{0,127}")


def _config(config: dict[str, Any]) -> dict[str, Any]:
    inner = config.get("config") or config.get("Config") or {}
    return inner if isinstance(inner, dict) else {}


def runs_as_root(config: dict[str, Any]) -> list[ConfigFinding]:
    user = str(_config(config).get("User") or "").strip()
    name = user.split(":", 1)[0]
    if name in {"", "root", "0"}:
        shown = user or "(none: defaults to root)"
        return [ConfigFinding("SL-IMG-001", f"The image's USER is {shown}; its processes run as root.", "config.User")]
    return []


def no_healthcheck(config: dict[str, Any]) -> list[ConfigFinding]:
    check = _config(config).get("Healthcheck")
    test = check.get("Test") if isinstance(check, dict) else None
    if not test or test == ["NONE"]:
        return [ConfigFinding("SL-IMG-002", "The image defines no HEALTHCHECK.", "config.Healthcheck")]
    return []


def admin_ports(config: dict[str, Any]) -> list[ConfigFinding]:
    exposed = _config(config).get("ExposedPorts") or {}
    found = []
    for spec in sorted(exposed) if isinstance(exposed, dict) else []:
        port_text = str(spec).split("/", 1)[0]
        if port_text.isdigit() and int(port_text) in ADMIN_PORTS:
            service = ADMIN_PORTS[int(port_text)]
            found.append(
                ConfigFinding("SL-IMG-006", f"The image exposes port {spec} ({service}).", "config.ExposedPorts")
            )
    return found


def remote_add(config: dict[str, Any]) -> list[ConfigFinding]:
    found = []
    for i, step in enumerate(_history(config)):
        match = _REMOTE_ADD.search(step)
        if match:
            url = urlsplit(match.group(1))
            found.append(
                ConfigFinding(
                    "SL-IMG-007",
                    f"History step {i} runs ADD from {url.scheme}://{url.hostname or '?'}/…",
                    f"history[{i}]",
                )
            )
    return found


def unpinned(repo_tags: Iterable[str], config: dict[str, Any]) -> list[ConfigFinding]:
    tags = list(repo_tags)
    found = []
    if not tags:
        found.append(ConfigFinding("SL-IMG-008", "The image has no tag.", "image"))
    for tag in tags:
        if _tag_of(tag) in {None, "latest"}:
            found.append(ConfigFinding("SL-IMG-008", f"The image is tagged {tag!r}: a moving tag.", "image"))
    labels = _config(config).get("Labels") or {}
    base = labels.get("org.opencontainers.image.base.name") if isinstance(labels, dict) else None
    if isinstance(base, str) and base and "@sha256:" not in base and _tag_of(base) in {None, "latest"}:
        found.append(
            ConfigFinding("SL-IMG-008", f"The base image {base!r} is not pinned to a version.", "config.Labels")
        )
    return found


def _tag_of(ref: str) -> str | None:
    last = ref.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


def _history(config: dict[str, Any]) -> list[str]:
    history = config.get("history") or []
    return [str(h.get("created_by") or "") if isinstance(h, dict) else "" for h in history]


def secret_types(strings: list[str], workdir: Path) -> dict[int, list[str]]:
    """Index in ``strings`` -> secret types detect-secrets finds there.

    detect-secrets' filters (the heuristics that make it usable) only run when scanning
    a file, so the strings are written one per line, as YAML, to a private file in the
    adapter's workdir, scanned, and deleted at once."""
    if not strings:
        return {}
    from detect_secrets.core.scan import scan_file
    from detect_secrets.settings import default_settings

    fd, name = tempfile.mkstemp(prefix="image-strings-", suffix=".yaml", dir=workdir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for i, text in enumerate(strings):
                handle.write(f"value_{i}: {json.dumps(text)}\n")
        out: dict[int, list[str]] = {}
        with default_settings():
            for secret in scan_file(name):
                if secret.type in _IGNORED_SECRET_TYPES:
                    continue
                index = int(secret.line_number) - 1
                if 0 <= index < len(strings) and secret.type not in out.setdefault(index, []):
                    out[index].append(secret.type)
        return out
    finally:
        os.unlink(name)


def _shown_keys(keys: list[str]) -> list[str | None]:
    """Each key as it may appear in a message, or None: a key is printed only when it is a
    plain name (``[A-Za-z_][A-Za-z0-9_.-/]*``, at most 128 characters) in which none of
    detect-secrets' plugins (hex strings included) finds anything, quoted or not, since ENV
    entries without ``=`` and label keys are repository text and can be the secret itself."""
    from shiftleft.sarif.detectors import scan_line

    return [
        key if _PLAIN_KEY.fullmatch(key) and not scan_line(key) and not scan_line(json.dumps(key)) else None
        for key in keys
    ]


def secrets(config: dict[str, Any], workdir: Path) -> list[ConfigFinding]:
    """Secrets in ENV, labels and history, named by key or step — values redacted. A key
    that is not a plain name or holds a secret itself is named by its position instead."""
    return bounded_secrets(config, workdir)[0]


def _within_budget(items: list[tuple[str, str, str]]) -> int:
    """How many leading items fit ``MAX_SECRET_STRINGS`` and ``MAX_SECRET_BYTES``."""
    total = 0
    for count, (_, _, text) in enumerate(items[:MAX_SECRET_STRINGS]):
        total += len(text.encode("utf-8", "surrogatepass"))
        if total > MAX_SECRET_BYTES:
            return count
    return min(len(items), MAX_SECRET_STRINGS)


def bounded_secrets(config: dict[str, Any], workdir: Path) -> tuple[list[ConfigFinding], int]:
    """``secrets`` and the number of strings left unchecked past the budget."""
    inner = _config(config)
    items: list[tuple[str, str, str]] = []  # (rule, key, text scanned)
    env = inner.get("Env") or []
    for entry in env if isinstance(env, list) else []:
        text = str(entry)
        items.append(("SL-IMG-003", text.split("=", 1)[0] if "=" in text else "", text))
    labels = inner.get("Labels") or {}
    for key, value in sorted(labels.items()) if isinstance(labels, dict) else []:
        items.append(("SL-IMG-004", str(key), f"{key}={value}"))
    history_start = len(items)
    for i, step in enumerate(_history(config)):
        items.append(("SL-IMG-005", str(i), step))
    checked = _within_budget(items)
    unchecked = len(items) - checked
    items = items[:checked]
    hits = secret_types([text for _, _, text in items], workdir)
    shown = _shown_keys([key for _, key, _ in items[:history_start]])
    found = []
    for index, types in sorted(hits.items()):
        rule_id, key, text = items[index]
        kinds = ", ".join(types)
        if rule_id == "SL-IMG-003":
            where = shown[index] or f"#{index}"
            found.append(
                ConfigFinding(rule_id, f"ENV {where} holds a secret ({kinds}); value redacted.", f"config.Env.{where}")
            )
        elif rule_id == "SL-IMG-004":
            position = index - sum(1 for r, _, _ in items[:index] if r == "SL-IMG-003")
            where = shown[index] or f"#{position}"
            found.append(
                ConfigFinding(
                    rule_id, f"Label {where} holds a secret ({kinds}); value redacted.", f"config.Labels.{where}"
                )
            )
        else:
            match = _INSTRUCTION.match(text.strip())
            instruction = match.group(1) if match else "step"
            found.append(
                ConfigFinding(
                    rule_id,
                    f"History step {key} ({instruction}) contains a secret ({kinds}); command redacted.",
                    f"history[{key}]",
                )
            )
    return found, unchecked


def check_config(config: dict[str, Any], repo_tags: Iterable[str], workdir: Path) -> list[ConfigFinding]:
    """Every configuration check, in rule-id order."""
    return check_config_bounded(config, repo_tags, workdir)[0]


def check_config_bounded(
    config: dict[str, Any], repo_tags: Iterable[str], workdir: Path
) -> tuple[list[ConfigFinding], int]:
    """``check_config`` and the number of config strings not checked for secrets (past
    ``MAX_SECRET_STRINGS`` / ``MAX_SECRET_BYTES``): the caller records them as not assessed."""
    found_secrets, unchecked = bounded_secrets(config, workdir)
    found = (
        runs_as_root(config)
        + no_healthcheck(config)
        + found_secrets
        + admin_ports(config)
        + remote_add(config)
        + unpinned(repo_tags, config)
    )
    return sorted(found, key=lambda f: (f.rule, f.where)), unchecked
