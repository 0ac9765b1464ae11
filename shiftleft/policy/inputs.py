"""The policy inputs of a verdict, from a config and the flags given over it: one function
for ``scan`` and for ``report merge`` / ``report --from`` (which take ``--config``,
``--preset``, ``--policy`` and ``--fail-on`` as ``scan`` does)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from shiftleft.config import Config, shipped_preset
from shiftleft.policy.engine import PolicyOptions


def relative(config: Config, value: str) -> Path:
    """A path written in a config file is relative to that file. (A repository config's
    paths were already checked and resolved inside the scan root by ``config.load``.)"""
    path = Path(value)
    if not path.is_absolute() and config.source is not None:
        path = config.source.parent / path
    return path


def config_preset(config: Config) -> str | None:
    """The config's gate preset: a shipped name, or a gate file relative to the config."""
    value = config.gate.preset
    if not value or shipped_preset(value):
        return value
    return str(relative(config, value))


def policy_options(
    config: Config,
    *,
    preset: str | None = None,
    policy_files: tuple[Path, ...] = (),
    frameworks: tuple[str, ...] = (),
    waivers: Path | None = None,
    fail_on: str | None = None,
    baseline: Path | None = None,
    baseline_log: dict[str, Any] | None = None,
    diff_base: str | None = None,
) -> PolicyOptions:
    """The flags win over the config: ``preset`` over its gate preset, ``frameworks`` over
    its list, ``waivers`` over its waiver file, ``fail_on`` over its ``gate.fail_on``;
    ``policy_files`` are added to its policies."""
    gate = replace(config.gate, fail_on=fail_on) if fail_on else config.gate
    return PolicyOptions(
        preset=preset or config_preset(config) or "default",
        policies=(*(relative(config, p) for p in config.policies), *policy_files),
        frameworks=frameworks or config.frameworks,
        waivers=waivers or (relative(config, config.waivers) if config.waivers else None),
        baseline=baseline,
        baseline_log=baseline_log,
        diff_base=diff_base,
        gate_config=gate,
        gate_explicit=config.gate_keys | ({"fail_on"} if fail_on else set()),
    )
