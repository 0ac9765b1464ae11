"""The merge gate: does this scan let the change through?

The rules come from a gate policy file (policies/gates/<preset>.yaml or the user's own,
docs/policies.md); the ``gate:`` section of the config and ``--fail-on`` override it. The
default preset is what this module always enforced: no unsuppressed finding at or above
``fail_on`` (high), no unsuppressed secret, and every required scanner that applies
actually ran. A scanner that did not run can never make the gate pass: the gate then fails
as *incomplete*.

Exit semantics: a failed rule about findings gives exit 1; a failed rule about coverage
(scanners that did not run, a stale advisory database, a stage mostly not assessed) gives
exit 3, unless a findings rule failed too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from shiftleft.config import GateConfig
from shiftleft.model import (
    DEFAULT_PRESET,
    Finding,
    GateContext,
    GateResult,
    GateRule,
    ItemCoverage,
    ScannerStatus,
    ScanStatus,
)
from shiftleft.policy.loader import default_rule_text, gate_preset
from shiftleft.policy.model import GatePolicy, GateRuleSpec, select
from shiftleft.severity import at_least

#: how many items a rule's detail names before "and N more"
DETAIL_ITEMS = 5

#: scanner categories whose items (packages) the coverage rule counts
ITEM_CATEGORIES = frozenset({"sca", "container"})


def item_coverage(sarif: Mapping[str, Any], statuses: Sequence[ScannerStatus]) -> tuple[ItemCoverage, ...]:
    """The item counts of every successful run that records them: ``packagesChecked``
    (osv, pip-audit) or ``packages`` (container, of which the not-assessed ones are part).
    A ``notAssessed`` entry for package ``*`` is a whole manifest that was not read."""
    ok = {(s.name, s.stage) for s in statuses if s.assessed}
    out: list[ItemCoverage] = []
    for run in sarif.get("runs") or []:
        health = (run.get("properties") or {}).get("shiftleft") if isinstance(run, Mapping) else None
        if not isinstance(health, Mapping) or (str(health.get("scanner")), str(health.get("stage"))) not in ok:
            continue
        entries = [e for e in health.get("notAssessed") or [] if isinstance(e, Mapping)]
        files = tuple(
            (str(e.get("manifest") or e.get("subject") or "?"), str(e.get("reason") or ""))
            for e in entries
            if e.get("package") == "*"
        )
        items = len(entries) - len(files)
        if isinstance(health.get("packagesChecked"), int):
            checked = int(health["packagesChecked"])
        elif isinstance(health.get("packages"), int):
            checked = max(0, int(health["packages"]) - items)
        else:
            continue
        out.append(ItemCoverage(str(health["scanner"]), str(health["stage"]), max(0, checked), items, files))
    return tuple(out)


# --- config overrides ------------------------------------------------------------------


def _overridden(config: GateConfig, explicit: Collection[str] | None) -> set[str]:
    """The GateConfig fields that override the policy: those the user set, when known;
    otherwise those that differ from the built-in defaults (which are the default preset)."""
    if explicit is not None:
        return set(explicit)
    defaults = GateConfig()
    return {f.name for f in dataclasses.fields(GateConfig) if getattr(config, f.name) != getattr(defaults, f.name)}


def _retext(rule: GateRuleSpec, **changes: object) -> GateRuleSpec:
    """Change a rule's parameters; an id and description that were generated follow along."""
    old_id, old_desc = default_rule_text(rule.type, **_fields(rule))
    new = dataclasses.replace(rule, **changes)  # type: ignore[arg-type]
    new_id, new_desc = default_rule_text(new.type, **_fields(new))
    return dataclasses.replace(
        new,
        id=new_id if rule.id == old_id else rule.id,
        description=new_desc if rule.description == old_desc else rule.description,
    )


def _fields(rule: GateRuleSpec) -> dict[str, object]:
    return {"fail_on": rule.fail_on, "max_days": rule.max_days, "at_or_above": rule.at_or_above,
            "id": rule.id, "max": rule.max}  # fmt: skip


def _new_rule(rule_type: str, **values: object) -> GateRuleSpec:
    ident, description = default_rule_text(rule_type, **{"id": None, "max": 0, **values})
    return GateRuleSpec(type=rule_type, id=ident, description=description, **values)  # type: ignore[arg-type]


def apply_config(policy: GatePolicy, config: GateConfig, explicit: Collection[str] | None = None) -> GatePolicy:
    """The policy with the config's ``gate:`` keys (and ``--fail-on``) applied on top.

    ``explicit`` names the GateConfig fields the user actually set; without it, fields that
    differ from the defaults count as set (so ``fail_on: high`` cannot relax the strict
    preset unless the caller passes ``explicit``)."""
    keys = _overridden(config, explicit)
    rules = list(policy.rules)
    if "fail_on" in keys:
        if any(r.type == "severity" for r in rules):
            rules = [_retext(r, fail_on=config.fail_on) if r.type == "severity" else r for r in rules]
        else:
            rules.insert(0, _new_rule("severity", fail_on=config.fail_on))
    if "fail_on_secrets" in keys:
        has = any(r.type == "secrets" for r in rules)
        if not config.fail_on_secrets:
            rules = [r for r in rules if r.type != "secrets"]
        elif not has:
            rules.insert(1 if rules and rules[0].type == "severity" else 0, _new_rule("secrets"))
    if "require_scanners" in keys:
        if not config.require_scanners:
            rules = [r for r in rules if r.type != "required-scanners"]
        elif not any(r.type == "required-scanners" for r in rules):
            rules.append(_new_rule("required-scanners"))
    if "max_advisory_age_days" in keys and config.max_advisory_age_days is not None:
        days = float(config.max_advisory_age_days)
        if any(r.type == "advisory-age" for r in rules):
            rules = [_retext(r, max_days=days) if r.type == "advisory-age" else r for r in rules]
        else:
            rules.append(_new_rule("advisory-age", max_days=days))
    return dataclasses.replace(policy, rules=tuple(rules))


# --- rules -----------------------------------------------------------------------------


def _names(items: Sequence[str]) -> str:
    shown = ", ".join(items[:DETAIL_ITEMS])
    return shown + (f" and {len(items) - DETAIL_ITEMS} more" if len(items) > DETAIL_ITEMS else "")


def _counted(spec: GateRuleSpec, findings: Sequence[Finding]) -> tuple[list[Finding], int]:
    """Unsuppressed findings the rule counts, and how many pre-existing ones it skipped
    (scope ``new``: a finding the baseline already had does not block this change)."""
    active = [f for f in findings if not f.suppressed and select(spec.select, f)]
    if spec.scope == "all":
        return active, 0
    new = [f for f in active if f.baseline_state not in {"unchanged", "absent"}]
    return new, len(active) - len(new)


def _over(count: int, spec: GateRuleSpec) -> bool:
    return count > spec.max


def _suffix(spec: GateRuleSpec, skipped: int) -> str:
    parts = []
    if spec.max:
        parts.append(f"max {spec.max}")
    if skipped:
        parts.append(f"{skipped} pre-existing not counted")
    return f" ({'; '.join(parts)})" if parts else ""


def _severity_rule(spec: GateRuleSpec, findings: Sequence[Finding]) -> GateRule:
    threshold = spec.fail_on or "high"
    counted, skipped = _counted(spec, findings)
    over = [f for f in counted if at_least(f.severity, threshold)]
    detail = f"{len(over)} finding(s) at or above {threshold}" if over else "none"
    return GateRule(spec.id, spec.description, not _over(len(over), spec), detail + _suffix(spec, skipped))


def _secrets_rule(spec: GateRuleSpec, findings: Sequence[Finding]) -> GateRule:
    counted, skipped = _counted(spec, findings)
    secrets = [f for f in counted if f.is_secret]
    detail = f"{len(secrets)} secret(s) found" if secrets else "none"
    return GateRule(spec.id, spec.description, not secrets, detail + _suffix(spec, skipped))


def _findings_rule(spec: GateRuleSpec, findings: Sequence[Finding]) -> GateRule:
    counted, skipped = _counted(spec, findings)
    detail = f"{len(counted)} matching finding(s)" if counted else "none"
    return GateRule(spec.id, spec.description, not _over(len(counted), spec), detail + _suffix(spec, skipped))


def _required_rule(spec: GateRuleSpec, statuses: Sequence[ScannerStatus]) -> GateRule:
    if spec.scanners:
        problems: list[str] = []
        for name in spec.scanners:
            mine = [s for s in statuses if s.name == name]
            if not mine:
                problems.append(f"{name} (did not run)")
            problems += [f"{s.name} ({s.status})" for s in mine if s.status is ScanStatus.DISABLED or (
                s.applicable and not s.assessed)]  # fmt: skip
    else:
        problems = [f"{s.name} ({s.status})" for s in statuses if s.required and s.applicable and not s.assessed]
    if not problems and statuses and not any(s.assessed for s in statuses):
        # an empty target, or a config that excluded everything: nothing was checked
        detail = "no scanner assessed anything (nothing to scan, or every file excluded)"
        return GateRule(spec.id, spec.description, False, detail, kind="coverage")
    detail = f"not assessed: {', '.join(problems)}" if problems else "all ran"
    return GateRule(spec.id, spec.description, not problems, detail, kind="coverage")


def _items_rule(spec: GateRuleSpec, statuses: Sequence[ScannerStatus]) -> GateRule:
    """Scanners that ran but could not judge some items (unpinned dependencies, packages of
    an ecosystem with no advisory data): fine for a developer's scan, not for a release."""
    partly = [s for s in statuses if s.assessed and s.not_assessed]
    total = sum(s.not_assessed for s in partly)
    limit = spec.max or 0
    detail = (
        f"{total} item(s) not assessed: " + _names([f"{s.name} ({s.not_assessed})" for s in partly])
        if partly
        else "all assessed"
    )
    return GateRule(spec.id, spec.description, total <= limit, detail, kind="coverage")


def _advisory_rule(spec: GateRuleSpec, context: GateContext) -> GateRule | None:
    limit = spec.max_days or 0.0
    if not context.advisory_ages:
        return None  # no scan used a local database (a failed one is the required-scanners rule's)
    stale: list[str] = []
    fresh: list[str] = []
    for scanner, age in context.advisory_ages:
        if age is None:
            stale.append(f"{scanner}: empty, undated or future-dated database (not trusted)")
        elif age > limit:
            stale.append(f"{scanner}: {age:.1f} days old")
        else:
            fresh.append(f"{scanner}: {age:.1f} days old")
    detail = f"stale (max {limit:g} days): {_names(stale)}" if stale else _names(fresh)
    return GateRule(spec.id, spec.description, not stale, detail, kind="coverage")


def _coverage_rule(spec: GateRuleSpec, statuses: Sequence[ScannerStatus], context: GateContext) -> GateRule:
    """Never pass on what was not looked at: something must have been assessed at all (even
    with ``require_scanners: false``), every recognised manifest must have been read (one
    that was not hides an unknown number of dependencies), and in each stage at least
    ``min_assessed`` of the items its scanners were given must have been checked."""
    if not any(s.assessed for s in statuses):
        detail = "nothing was assessed (no scanner ran successfully, nothing to scan, or every file excluded)"
        return GateRule(spec.id, spec.description, False, detail, kind="coverage")
    files = dict(f for c in context.items for f in c.files)
    problems: list[str] = []
    if files:
        shown = [f"{path} ({why.removeprefix('manifest skipped: ')})" for path, why in sorted(files.items())]
        problems.append(f"{len(files)} manifest(s) not read: {_names(shown)}")
    counted = {c.stage for c in context.items}
    for s in statuses:  # no counts at all: a dependency or image scanner that did not run
        if s.category in ITEM_CATEGORIES and s.applicable and not s.assessed and s.stage not in counted:
            problems.append(f"{s.stage}: {s.name} {s.status}, its items (packages, manifests) were not assessed")
    share = spec.min_assessed if spec.min_assessed is not None else 0.5
    for stage in dict.fromkeys(c.stage for c in context.items):
        mine = [c for c in context.items if c.stage == stage]
        checked, missing = sum(c.checked for c in mine), sum(c.not_assessed for c in mine)
        if missing and checked / (checked + missing) < share:
            problems.append(f"{stage}: {missing} of {checked + missing} item(s) not assessed (below {share:.0%})")
    detail = "; ".join(problems) if problems else "every recognised manifest read; no stage mostly not assessed"
    return GateRule(spec.id, spec.description, not problems, detail, kind="coverage")


def _inline_rule(spec: GateRuleSpec, findings: Sequence[Finding], context: GateContext) -> GateRule:
    threshold = spec.at_or_above or "high"
    hits = [f for f in findings if f.fingerprint in context.inline_suppressed and at_least(f.severity, threshold)]
    where = [f"{f.path}:{f.line} {f.rule_id}" for f in hits]
    detail = f"{len(hits)} inline suppression(s) at or above {threshold}: {_names(where)}" if hits else "none"
    return GateRule(spec.id, spec.description, not hits, detail)


def _waivers_rule(spec: GateRuleSpec, context: GateContext) -> GateRule | None:
    if not context.waivers_in_use and not context.expired_waivers:
        return None
    expired = [f"{w.id} ({w.owner}, expired {w.expires}, matches {w.matches})" for w in context.expired_waivers]
    if not expired:
        return GateRule(spec.id, spec.description, True, "none expired")
    blocking = "" if spec.fail_on_expired else "; not blocking in this gate, the findings they matched count again"
    detail = f"{len(expired)} expired waiver(s) no longer apply: {_names(expired)}{blocking}"
    return GateRule(spec.id, spec.description, not spec.fail_on_expired, detail)


def evaluate(
    findings: Iterable[Finding],
    statuses: Sequence[ScannerStatus],
    config: GateConfig | None = None,
    *,
    policy: GatePolicy | None = None,
    context: GateContext | None = None,
    explicit: Collection[str] | None = None,
) -> GateResult:
    """Judge a scan. ``policy`` defaults to the ``default`` preset; ``config`` overrides it
    (see ``apply_config``); ``context`` carries waivers, inline suppressions and advisory
    database ages when the policy engine ran."""
    base = policy or gate_preset(DEFAULT_PRESET)
    effective = apply_config(base, config, explicit) if config is not None else base
    ctx = context or GateContext()
    items = list(findings)
    rules: list[GateRule] = []
    for spec in effective.rules:
        rule: GateRule | None
        if spec.type == "severity":
            rule = _severity_rule(spec, items)
        elif spec.type == "secrets":
            rule = _secrets_rule(spec, items)
        elif spec.type == "findings":
            rule = _findings_rule(spec, items)
        elif spec.type == "required-scanners":
            rule = _required_rule(spec, statuses)
        elif spec.type == "items-assessed":
            rule = _items_rule(spec, statuses)
        elif spec.type == "coverage":
            rule = _coverage_rule(spec, statuses, ctx)
        elif spec.type == "advisory-age":
            rule = _advisory_rule(spec, ctx)
        elif spec.type == "inline-suppressions":
            rule = _inline_rule(spec, items, ctx)
        elif spec.type == "waivers":
            rule = _waivers_rule(spec, ctx)
        else:  # pragma: no cover - the schema admits no other type
            raise ValueError(f"unknown gate rule type {spec.type!r}")
        if rule is not None:
            rules.append(dataclasses.replace(rule, kind=spec.kind))
    return GateResult(tuple(rules), effective.id)
