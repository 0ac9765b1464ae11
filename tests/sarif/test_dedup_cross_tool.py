"""One finding per problem across tools (``sarif.dedup``): bandit + semgrep on one CWE-78
line, two secrets engines on one secret, pip-audit + the OSV matcher on one advisory;
look-alikes kept apart; idempotent and lossless (hypothesis); the gate and the scorecard
count the merged set."""

from __future__ import annotations

import copy
from typing import Any

import sarif_om
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.findings import iter_findings
from shiftleft.model import ScannerStatus, ScanStatus
from shiftleft.policy.model import Selector
from shiftleft.policy.waivers import parse as parse_waivers
from shiftleft.sarif import dedup, om
from shiftleft.scorecard import compute
from tests.helpers import result_dict, run_dict


def _run(scanner: str, stage: str, category: str, results: list[dict[str, Any]]) -> sarif_om.Run:
    """A run as normalize_run leaves it: severity, category, tool and fingerprint on results."""
    for n, r in enumerate(results):
        props = r.setdefault("properties", {})
        props.setdefault("severity", "high")
        props.setdefault("security-severity", "8.0")
        props.update(category=category, stage=stage, tool=scanner)
        r.setdefault("fingerprints", {"shiftleft/v1": f"fp-{scanner}-{r['ruleId']}-{n}"})
    rules = [{"id": rid} for rid in dict.fromkeys(r["ruleId"] for r in results)]
    run = om.run_from_dict(run_dict(results, rules, name=scanner))
    ids = [r["id"] for r in rules]
    for res in run.results or []:
        res.rule_index = ids.index(res.rule_id)
    run.properties = {"shiftleft": {"scanner": scanner, "stage": stage, "category": category, "status": "ok"}}
    return run


def _sast(scanner: str, rule: str, uri: str, line: int, *cwes: str) -> sarif_om.Run:
    return _run(scanner, "code", "sast", [result_dict(rule, uri, line, properties={"cwe": list(cwes)})])


def _secret(scanner: str, rule: str, uri: str, line: int, identity: str | None) -> sarif_om.Run:
    props: dict[str, Any] = {"secretType": rule, "cwe": ["CWE-798"]}
    if identity is not None:
        props[dedup.SECRET_IDENTITY] = identity
    return _run(scanner, "code", "secrets", [result_dict(rule, uri, line, properties=props)])


def _advisory(scanner: str, advisory: str, aliases: list[str], package: str = "PyYAML", version: str = "5.1",
              line: int = 3) -> sarif_om.Run:  # fmt: skip
    props = {"package": package, "version": version, "ecosystem": "PyPI", "advisory": advisory, "aliases": aliases}
    return _run(scanner, "build", "sca", [result_dict(advisory, "requirements.txt", line, properties=props)])


def _count(*runs: sarif_om.Run) -> int:
    return sum(len(r.results or []) for r in runs)


def test_bandit_and_semgrep_on_one_cwe78_line_are_one_finding() -> None:
    bandit = _sast("bandit", "B602", "app/views.py", 12, "CWE-78")
    semgrep = _sast("semgrep", "python.subprocess-shell-true", "app/views.py", 12, "CWE-78", "CWE-88")
    removed = dedup.deduplicate([bandit, semgrep])
    assert removed == {("bandit", "code"): 1}
    assert _count(bandit, semgrep) == 1
    kept = semgrep.results[0]  # semgrep is preferred: the same result kept scan after scan
    (also,) = kept.properties["alsoReportedBy"]
    assert also["tool"] == "bandit" and also["ruleId"] == "B602" and also["fingerprint"] == "fp-bandit-B602-0"
    (related,) = kept.related_locations
    assert related.physical_location.artifact_location.uri == "app/views.py"
    assert "bandit" in related.message.text
    assert bandit.properties["shiftleft"]["deduplicated"] == {"B602": 1}


def test_child_and_parent_cwe_of_one_weakness_are_one_problem() -> None:
    """Seen on gunicorn 20.0.4: bandit B324 (CWE-327) and semgrep's weak-hash rule (CWE-328)."""
    bandit = _sast("bandit", "B324", "ws.py", 83, "CWE-327")
    semgrep = _sast("semgrep", "shiftleft.python.weak-hash-md5-sha1", "ws.py", 83, "CWE-328")
    assert dedup.deduplicate([bandit, semgrep]) == {("bandit", "code"): 1}
    b105 = _sast("bandit", "B105", "settings.py", 84, "CWE-259")
    key = _sast("semgrep", "shiftleft.python.hardcoded-secret-key", "settings.py", 84, "CWE-798")
    assert dedup.deduplicate([b105, key]) == {("bandit", "code"): 1}
    weak = _sast("bandit", "B324", "ws.py", 83, "CWE-327")
    other = _sast("semgrep", "x", "ws.py", 83, "CWE-798")
    assert dedup.deduplicate([weak, other]) == {}


def test_two_secrets_engines_on_one_secret_are_one_finding_and_the_hash_is_never_kept() -> None:
    leaks = _secret("betterleaks", "betterleaks/github-pat", "settings.py", 4, "a" * 40)
    detect = _secret("detect-secrets", "detect-secrets/github-token", "settings.py", 4, "a" * 40)
    assert dedup.deduplicate([detect, leaks]) == {("detect-secrets", "code"): 1}
    assert _count(leaks, detect) == 1
    assert leaks.results[0].properties["alsoReportedBy"][0]["tool"] == "detect-secrets"
    assert all(dedup.SECRET_IDENTITY not in (r.properties or {}) for r in [*leaks.results, *detect.results])


def test_one_engines_second_detector_on_a_merged_line_follows_its_sibling() -> None:
    """detect-secrets reports one GitHub token twice (github-token, hashing only "ghp", and
    base64-high-entropy-string, hashing the value); Betterleaks once: one finding."""
    leaks = _secret("betterleaks", "betterleaks/github-pat", "config.py", 3, "a" * 40)
    detect = _run("detect-secrets", "code", "secrets", [
        result_dict("detect-secrets/github-token", "config.py", 3,
                    properties={"secretType": "GitHub Token", dedup.SECRET_IDENTITY: "e" * 40}),
        result_dict("detect-secrets/base64-high-entropy-string", "config.py", 3,
                    properties={"secretType": "Base64 High Entropy String", dedup.SECRET_IDENTITY: "a" * 40}),
        result_dict("detect-secrets/keyword", "config.py", 4, properties={"secretType": "Secret Keyword"}),
    ])  # fmt: skip
    assert dedup.deduplicate([detect, leaks]) == {("detect-secrets", "code"): 2}
    assert [r.rule_id for r in detect.results] == ["detect-secrets/keyword"]  # another line: kept
    assert {a["ruleId"] for a in leaks.results[0].properties["alsoReportedBy"]} == {
        "detect-secrets/github-token", "detect-secrets/base64-high-entropy-string"}  # fmt: skip
    assert detect.properties["shiftleft"]["deduplicated"] == {
        "detect-secrets/base64-high-entropy-string": 1, "detect-secrets/github-token": 1}  # fmt: skip
    assert dedup.deduplicate([detect, leaks]) == {}


def test_a_removed_result_brings_what_was_merged_into_it() -> None:
    """Three engines: C's secret merged into B's second result on a line; B's results there
    then follow B's first one into A's: C's record moves along, nothing is lost."""
    a = _secret("betterleaks", "a", "k.py", 1, "a" * 40)
    b = _run("detect-secrets", "code", "secrets", [
        result_dict("b1", "k.py", 1, properties={"secretType": "t", dedup.SECRET_IDENTITY: "a" * 40}),
        result_dict("b2", "k.py", 1, properties={"secretType": "t", dedup.SECRET_IDENTITY: "c" * 40}),
    ])  # fmt: skip
    c = _secret("zz-engine", "c", "k.py", 1, "c" * 40)
    dedup.deduplicate([a, b, c])
    assert _count(a, b, c) == 1
    assert [x["ruleId"] for x in a.results[0].properties["alsoReportedBy"]] == ["b1", "b2", "c"]
    assert [loc.id for loc in a.results[0].related_locations] == [0, 1, 2]


def test_pip_audit_and_osv_on_one_advisory_through_aliases_are_one_finding() -> None:
    osv = _advisory("osv", "PYSEC-2020-176", ["CVE-2019-20477", "GHSA-3pqx-4fqf-j49f"])
    pip_audit = _advisory("pip-audit", "GHSA-3pqx-4fqf-j49f", ["CVE-2019-20477"], package="pyyaml")
    assert dedup.deduplicate([pip_audit, osv]) == {("pip-audit", "build"): 1}
    assert osv.results[0].properties["alsoReportedBy"][0]["ruleId"] == "GHSA-3pqx-4fqf-j49f"


def test_checkov_and_hadolint_still_merge_by_the_pair_table() -> None:
    checkov = _run("checkov-dockerfile", "build", "iac", [result_dict("CKV_DOCKER_8", "Dockerfile", 9)])
    hadolint = _run("hadolint", "build", "iac", [result_dict("DL3002", "Dockerfile", 9)])
    assert dedup.deduplicate([hadolint, checkov]) == {("hadolint", "build"): 1}
    assert checkov.results[0].properties["alsoReportedBy"][0]["ruleId"] == "DL3002"


def test_look_alikes_stay_apart() -> None:
    def kept(*runs: sarif_om.Run) -> int:
        dedup.deduplicate(runs)
        return _count(*runs)

    # same line, another CWE; same file, another line; a CWE-less result on the same line
    assert kept(_sast("bandit", "B602", "a.py", 3, "CWE-78"), _sast("semgrep", "sqli", "a.py", 3, "CWE-89")) == 2
    assert kept(_sast("bandit", "B602", "a.py", 3, "CWE-78"), _sast("semgrep", "shell", "a.py", 4, "CWE-78")) == 2
    assert kept(_sast("bandit", "B602", "a.py", 3, "CWE-78"), _sast("semgrep", "shell", "b.py", 3, "CWE-78")) == 2
    assert kept(_sast("bandit", "B101", "a.py", 3), _sast("semgrep", "x", "a.py", 3)) == 2
    # one tool's two rules on one line are its own distinction
    one_tool = _run(
        "semgrep",
        "code",
        "sast",
        [
            result_dict("r1", "a.py", 3, properties={"cwe": ["CWE-78"]}),
            result_dict("r2", "a.py", 3, properties={"cwe": ["CWE-78"]}),
        ],
    )
    assert kept(one_tool) == 2
    # same package, another advisory; same advisory, another version
    assert kept(_advisory("osv", "PYSEC-1", ["CVE-1"]), _advisory("pip-audit", "PYSEC-2", ["CVE-2"])) == 2
    assert (
        kept(_advisory("osv", "PYSEC-1", ["CVE-1"]), _advisory("pip-audit", "PYSEC-1", ["CVE-1"], version="5.2")) == 2
    )
    # two secrets on one line: different hashes; a suppressed and an active report
    assert (
        kept(_secret("betterleaks", "s1", "k.env", 1, "a" * 40), _secret("detect-secrets", "s2", "k.env", 1, "b" * 40))
        == 2
    )
    assert kept(_secret("betterleaks", "s1", "k.env", 1, None), _secret("detect-secrets", "s2", "k.env", 1, None)) == 2
    suppressed = _sast("bandit", "B602", "a.py", 3, "CWE-78")
    suppressed.results[0].suppressions = [sarif_om.Suppression(kind="inSource", justification="# nosec")]
    assert kept(suppressed, _sast("semgrep", "shell", "a.py", 3, "CWE-78")) == 2
    # another stage: an image layer's package is another artifact
    image = _run(
        "container",
        "test",
        "container",
        [
            result_dict(
                "PYSEC-1",
                "image/x",
                1,
                properties={
                    "package": "pyyaml",
                    "version": "5.1",
                    "ecosystem": "PyPI",
                    "advisory": "PYSEC-1",
                    "aliases": [],
                },
            )
        ],
    )
    assert kept(_advisory("osv", "PYSEC-1", []), image) == 2


def test_gate_scorecard_and_selectors_count_one_finding_per_problem() -> None:
    bandit = _sast("bandit", "B602", "app.py", 5, "CWE-78")
    semgrep = _sast("semgrep", "subprocess-shell-true", "app.py", 5, "CWE-78")
    dedup.deduplicate([bandit, semgrep])
    log = om.log_to_dict(sarif_om.SarifLog(version="2.1.0", runs=[bandit, semgrep]))
    findings = list(iter_findings(log))
    assert len(findings) == 1
    statuses = [ScannerStatus("bandit", "code", "sast", ScanStatus.OK, True),
                ScannerStatus("semgrep", "code", "sast", ScanStatus.OK, True)]  # fmt: skip
    card = compute(findings, statuses)
    assert card.overall.counts["high"] == 1
    assert card.overall.score == 90.0  # one high (10 points), not two
    # a control or waiver written for bandit's rule still finds the merged finding
    assert Selector(rules=("B602",), tools=frozenset({"bandit"})).matches(findings[0])
    assert not Selector(rules=("B602",), tools=frozenset({"semgrep"})).matches(findings[0])
    (waiver,) = parse_waivers({"waivers": [{"id": "w1", "rule": "B602", "tool": "bandit", "reason": "r",
                                            "owner": "o", "expires": "2999-01-01"}]})  # fmt: skip
    result = log["runs"][1]["results"][0]
    assert waiver.matches(result, "semgrep")


def test_linear_in_results() -> None:
    n = 20_000
    bandit = _run("bandit", "code", "sast", [result_dict("B602", f"f{i}.py", 1, properties={"cwe": ["CWE-78"]})
                                             for i in range(n)])  # fmt: skip
    semgrep = _run("semgrep", "code", "sast", [result_dict("s", f"f{i}.py", 1, properties={"cwe": ["CWE-78"]})
                                               for i in range(n)])  # fmt: skip
    assert dedup.deduplicate([bandit, semgrep]) == {("bandit", "code"): n}


# --- properties -----------------------------------------------------------------------------

_TOOLS = ("semgrep", "bandit", "betterleaks", "detect-secrets", "osv", "pip-audit")
_item = st.tuples(
    st.sampled_from(_TOOLS), st.sampled_from(("a.py", "b.py")), st.integers(1, 3),
    st.sampled_from(("CWE-78", "CWE-89", "CWE-22")), st.sampled_from(("h1", "h2", None)),
    st.sampled_from(("PYSEC-1", "PYSEC-2")), st.sampled_from(([], ["CVE-1"], ["CVE-2"])),
    st.sampled_from(("1.0", "2.0")),
    st.booleans(),
)  # fmt: skip


def _build(items: list[tuple[Any, ...]]) -> list[sarif_om.Run]:
    by_tool: dict[str, list[dict[str, Any]]] = {}
    for n, (tool, uri, line, cwe, identity, advisory, aliases, version, suppressed) in enumerate(items):
        extra: dict[str, Any] = {"fingerprints": {"shiftleft/v1": f"fp{n}"}}
        if suppressed:
            extra["suppressions"] = [{"kind": "inSource"}]
        if tool in ("osv", "pip-audit"):
            props: dict[str, Any] = {"package": "p", "version": version, "ecosystem": "PyPI", "advisory": advisory,
                                     "aliases": list(aliases)}  # fmt: skip
            by_tool.setdefault(tool, []).append(result_dict(advisory, "requirements.txt", 1, properties=props, **extra))
        elif tool in ("betterleaks", "detect-secrets"):
            props = {"secretType": "t", **({dedup.SECRET_IDENTITY: identity} if identity else {})}
            by_tool.setdefault(tool, []).append(result_dict("s", uri, line, properties=props, **extra))
        else:
            by_tool.setdefault(tool, []).append(result_dict("r", uri, line, properties={"cwe": [cwe]}, **extra))
    category = {"osv": "sca", "pip-audit": "sca", "betterleaks": "secrets", "detect-secrets": "secrets"}
    stage = {"osv": "build", "pip-audit": "build"}
    return [_run(t, stage.get(t, "code"), category.get(t, "sast"), rs) for t, rs in by_tool.items()]


def _problems(result: sarif_om.Result, scanner: str, stage: str) -> set[tuple[object, ...]]:
    return set(dedup.problem_keys(result, scanner, stage))


@settings(max_examples=150, deadline=None)
@given(st.lists(_item, max_size=25))
def test_dedup_is_idempotent_and_loses_no_location_problem_pair(items: list[tuple[Any, ...]]) -> None:
    runs = _build(items)
    before: dict[str, tuple[str, set[tuple[object, ...]]]] = {}
    for run in runs:
        health = run.properties["shiftleft"]
        for r in run.results or []:
            before[r.fingerprints["shiftleft/v1"]] = (
                health["scanner"],
                _problems(r, health["scanner"], health["stage"]),
            )
    dedup.deduplicate(runs)
    after = {r.fingerprints["shiftleft/v1"]: r for run in runs for r in run.results or []}
    kept_keys: dict[str, set[tuple[object, ...]]] = {}
    accounted = set(after)
    for fp, r in after.items():
        for also in (r.properties or {}).get("alsoReportedBy") or []:
            accounted.add(also["fingerprint"])
            # a merged result shares a problem with the one it was merged into, or is a secret
            # of an engine on a line where another of its secrets was merged there
            shared = before[also["fingerprint"]][1] & before[fp][1]
            assert shared or (r.properties.get("secretType") and also["tool"] in ("betterleaks", "detect-secrets"))
            assert before[also["fingerprint"]][0] != before[fp][0]
        kept_keys[fp] = before[fp][1]
    assert accounted == set(before)  # nothing lost: kept, or recorded on the one kept
    assert len(after) + sum(len((r.properties or {}).get("alsoReportedBy") or []) for r in after.values()) == len(
        before
    )
    snapshot = copy.deepcopy([om.log_to_dict(sarif_om.SarifLog(version="2.1.0", runs=runs))])
    assert dedup.deduplicate(runs) == {}  # idempotent: a second pass changes nothing
    assert [om.log_to_dict(sarif_om.SarifLog(version="2.1.0", runs=runs))] == snapshot
