"""What a config found in the scanned directory may change: it may tighten the gate, never
relax it.

A ``shiftleft.yaml`` committed to the repository is written by whoever wrote the change
being gated. Left as it was, one line of it (``fail_on_secrets: false``, ``preset:
audit-only``, ``bandit: false``) turned the merge gate off from inside the pull request it
was judging. So, for a config whose ``origin`` is the repository, ``limit`` keeps only what
makes the gate at least as strict as the one in force without it (the ``--preset`` given on
the command line, else ``default``) and drops the rest with a warning that names each key:

* ``gate.fail_on`` only at or below the preset's threshold; ``fail_on_secrets`` and
  ``require_scanners`` only ``true`` where the preset has that rule; a maximum advisory age
  only at or below the preset's;
* ``gate.preset`` only a shipped preset at least as strict (``default``, ``strict``); a
  gate *file* named by the repository is ignored (it could hold anything);
* a scanner that is required may not be disabled or made ``required: false``;
* a framework file in ``policies`` may add a framework, not replace a shipped one (a file
  with the id ``soc2`` and no controls would make SOC 2 read as all-clear);
* ``stages`` (narrowing what is scanned) and ``advisories.online`` (network use) are the
  operator's choices; scanner ``options`` other than ``SAFE_OPTIONS`` (performance knobs)
  are ignored, because the others name files or change what a tool reports.

The same config passed with ``--config`` is the operator's and applies in full; the
summary says it was passed explicitly. ``exclude`` stays in force either way: the files it
skips are listed as skipped in every report.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from shiftleft.config import REPOSITORY, STAGE_NAMES, Config, GateConfig, ScannerConfig
from shiftleft.policy import loader
from shiftleft.policy.loader import gate_preset
from shiftleft.policy.model import Framework, GatePolicy
from shiftleft.scanners.cache import DEFAULT_MAX_MB
from shiftleft.severity import RANK

#: shipped presets, least strict first: a repository may move right, never left
PRESET_ORDER = ("audit-only", "default", "strict")
#: scanner options a repository config may set: they change speed or format, not findings
SAFE_OPTIONS = frozenset({"jobs", "spec_version"})
_WHY = "a config found in the scanned directory may tighten the gate, not relax it; pass it with --config to apply it"


@dataclass(frozen=True)
class Limited:
    config: Config
    #: one sentence per key that was ignored, naming the key (values are ours or not shown)
    ignored: tuple[str, ...]


def _rule(policy: GatePolicy, rule_type: str) -> Any:
    return next((r for r in policy.rules if r.type == rule_type), None)


def _preset(gate: GateConfig, cli_preset: str | None, ignored: list[str]) -> tuple[str | None, GatePolicy]:
    """The preset in force and its policy: the command line's when given (it always wins),
    else the repository's when it is a shipped one at least as strict as ``default``."""
    if cli_preset is not None:
        return None, gate_preset(cli_preset)
    if not gate.preset or gate.preset == "default":
        return gate.preset, gate_preset("default")
    if gate.preset in PRESET_ORDER and PRESET_ORDER.index(gate.preset) > PRESET_ORDER.index("default"):
        return gate.preset, gate_preset(gate.preset)
    if gate.preset in PRESET_ORDER:
        ignored.append(f"gate.preset ({gate.preset}) ignored: weaker than the default preset; {_WHY}")
    else:
        ignored.append(f"gate.preset ignored: a gate file named by the repository could relax the gate; {_WHY}")
    return None, gate_preset("default")


def _gate(gate: GateConfig, keys: frozenset[str], cli_preset: str | None,
          ignored: list[str]) -> tuple[GateConfig, frozenset[str]]:  # fmt: skip
    preset, policy = _preset(gate, cli_preset, ignored)
    kept = set(keys) - {"preset"}
    severity, secrets = _rule(policy, "severity"), _rule(policy, "secrets")
    required, age = _rule(policy, "required-scanners"), _rule(policy, "advisory-age")
    if "fail_on" in kept and severity is not None and RANK[gate.fail_on] > RANK[severity.fail_on or "high"]:
        ignored.append(f"gate.fail_on ({gate.fail_on}) ignored: the gate fails on {severity.fail_on or 'high'} "
                       f"and above; {_WHY}")  # fmt: skip
        kept.discard("fail_on")
    if "fail_on_secrets" in kept and not gate.fail_on_secrets and secrets is not None:
        ignored.append(f"gate.fail_on_secrets: false ignored; {_WHY}")
        kept.discard("fail_on_secrets")
    if "require_scanners" in kept and not gate.require_scanners and required is not None:
        ignored.append(f"gate.require_scanners: false ignored; {_WHY}")
        kept.discard("require_scanners")
    days = gate.max_advisory_age_days
    if "max_advisory_age_days" in kept and days is not None and age is not None and days > (age.max_days or 0):
        ignored.append(f"maximum advisory database age ({days} days) ignored: the gate allows {age.max_days:g}; "
                       f"{_WHY}")  # fmt: skip
        kept.discard("max_advisory_age_days")
    defaults = GateConfig()
    values = {name: getattr(gate if name in kept else defaults, name)
              for name in ("fail_on", "fail_on_secrets", "require_scanners", "max_advisory_age_days")}  # fmt: skip
    if preset:
        kept.add("preset")
    return GateConfig(preset=preset, **values), frozenset(kept)


def _scanners(scanners: Mapping[str, ScannerConfig], defaults_required: Mapping[str, bool],
              ignored: list[str]) -> dict[str, ScannerConfig]:  # fmt: skip
    out: dict[str, ScannerConfig] = {}
    for name, cfg in scanners.items():
        label = name if name in defaults_required else "(a plugin)"
        required = defaults_required.get(name, False) or bool(cfg.required)
        if cfg.enabled is False and required:
            ignored.append(f"scanners.{label}: disabling a required scanner ignored; {_WHY}")
            cfg = replace(cfg, enabled=True)
        if cfg.required is False and defaults_required.get(name, False):
            ignored.append(f"scanners.{label}.required: false ignored; {_WHY}")
            cfg = replace(cfg, required=None)
        unsafe = sorted(k for k in cfg.options if k not in SAFE_OPTIONS)
        if unsafe:
            keys = ", ".join(k if name in defaults_required else "?" for k in unsafe)
            ignored.append(f"scanners.{label}.options ({keys}) ignored: a config found in the scanned directory may "
                           "not point scanners at files or change what they report; pass it with --config")  # fmt: skip
            cfg = replace(cfg, options={k: v for k, v in cfg.options.items() if k in SAFE_OPTIONS})
        out[name] = cfg
    return out


def _policies(files: tuple[str, ...], ignored: list[str]) -> tuple[str, ...]:
    """The repository's policy files without those that replace a shipped framework. (The
    files were confined to the scan root by ``config.load``; PolicyError for a broken one.)"""
    shipped = loader.shipped_frameworks()
    kept: list[str] = []
    for index, path in enumerate(files):
        item = loader.load(Path(path))
        if isinstance(item, Framework) and item.id in shipped:
            ignored.append(f"policies.{index} ignored: a framework file from the scanned directory may not replace the "
                           f"shipped framework {item.id}; {_WHY}")  # fmt: skip
            continue
        kept.append(path)
    return tuple(kept)


def _cache(cache: Mapping[str, Any], ignored: list[str]) -> dict[str, Any]:
    """The user's disk is the user's: a repository may turn the cache off or make it
    smaller, never make it larger than the default."""
    out = dict(cache)
    if "max_mb" in out and float(out["max_mb"]) > DEFAULT_MAX_MB:
        del out["max_mb"]
        ignored.append(f"cache.max_mb ignored: a config found in the scanned directory may not make the result cache "
                       f"larger than {DEFAULT_MAX_MB:g} MB (pass it with --config)")  # fmt: skip
    return out


def limit(config: Config, defaults_required: Mapping[str, bool], base_preset: str | None = None) -> Limited:
    """``config`` without what would relax the gate, when it is repository config; as is
    otherwise. ``defaults_required``: scanner name -> required by default (the registry's);
    ``base_preset``: the ``--preset`` of the command line (None: the repository may choose a
    stricter shipped preset than ``default``)."""
    if config.origin != REPOSITORY:
        return Limited(config, ())
    ignored: list[str] = []
    gate, keys = _gate(config.gate, config.gate_keys, base_preset, ignored)
    stages = config.stages
    if stages is not None and set(stages) != set(STAGE_NAMES):
        ignored.append("stages ignored: a config found in the scanned directory may not narrow the stages scanned "
                       "(use --stage, or pass it with --config)")  # fmt: skip
        stages = None
    advisories = dict(config.advisories)
    if advisories.pop("online", False):
        ignored.append("advisories.online ignored: network use is the operator's choice (use --online)")
    scanners = _scanners(config.scanners, defaults_required, ignored)
    policies = _policies(config.policies, ignored)
    cache = _cache(config.cache, ignored)
    limited = replace(config, gate=gate, gate_keys=keys, stages=stages, advisories=advisories, scanners=scanners,
                      policies=policies, cache=cache)  # fmt: skip
    return Limited(limited, tuple(ignored))
