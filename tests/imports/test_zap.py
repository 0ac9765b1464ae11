"""imports/zap.py: ZAP's traditional JSON and XML reports as one SARIF run (docs/dast.md).

The fixtures follow ZAP's documented report structure (``site[] -> alerts[] ->
instances[]``): a baseline-like JSON report (passive alerts on two sites, planted session
cookie, Authorization header, ``?api_key=``, JWT, URL-rewritten session id) and a
full-scan-like XML report (reflected XSS, SQL injection, an empty site).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftleft.errors import EXIT_USAGE, ShiftleftError
from shiftleft.imports import zap
from shiftleft.sarif import om

FIXTURES = Path(__file__).parent / "fixtures"
BASELINE = (FIXTURES / "zap-baseline.json").read_bytes()
FULL = (FIXTURES / "zap-full.xml").read_bytes()
#: every credential planted in the fixtures, and recognisable parts of them
PLANTED = (
    "PLANTEDSESSIONVALUE9f8e7d", "URLREWRITESESS0123", "PLANTEDAPIKEY1234567890abcdef", "YWRtaW46UGxhbnRlZFB3ZCE=",
    "YWRtaW46", "eyJhbGciOiJIUzI1NiJ9", "c2lnbmF0dXJlcGxhbnRlZA", "PLANTEDQUERYTOKEN5566778899",
    "FULLSCANSESSIONa1b2c3d4e5",
)  # fmt: skip


def run_of(raw: bytes, source: str = "zap.json") -> dict[str, Any]:
    log = zap.to_sarif(raw, source=source)
    assert len(log["runs"]) == 1
    run: dict[str, Any] = log["runs"][0]
    return run


def by_rule(run: dict[str, Any], rule_id: str) -> list[dict[str, Any]]:
    return [r for r in run["results"] if r["ruleId"] == rule_id]


def rule(run: dict[str, Any], rule_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == rule_id)
    return found


def minimal(alerts: list[dict[str, Any]], sites: int = 1) -> bytes:
    site = {"@name": "https://app.test", "@host": "app.test", "@port": "443", "@ssl": "true", "alerts": alerts}
    doc = {"@programName": "ZAP", "@version": "2.14.0", "@generated": "Tue, 1 Dec 2026 10:15:42",
           "site": [site] * sites}  # fmt: skip
    return json.dumps(doc).encode()


def alert(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "pluginid": "40012", "alertRef": "40012", "alert": "Cross Site Scripting (Reflected)", "riskcode": "3",
        "confidence": "2", "desc": "<p>XSS</p>", "solution": "<p>Encode</p>", "reference": "", "cweid": "79",
        "wascid": "8", "sourceid": "1",
        "instances": [{"uri": "https://app.test/search?q=x", "method": "GET", "param": "q", "attack": "",
                       "evidence": "", "otherinfo": ""}],
    }  # fmt: skip
    base.update(over)
    return base


# --- sniffing ------------------------------------------------------------------------------------
def test_looks_like_recognises_both_formats_and_nothing_else() -> None:
    assert zap.looks_like(BASELINE)
    assert zap.looks_like(FULL)
    assert zap.looks_like(b"\xef\xbb\xbf  " + BASELINE)
    sarif = json.dumps({"version": "2.1.0", "$schema": "x", "runs": [{"tool": {"driver": {"name": "x"}}}]})
    for other in (b"", b"{}", sarif.encode(), b'{"site": 1}', b"<project/>", b"not json", b"<?xml version='1.0'?><a/>"):
        assert not zap.looks_like(other), other


# --- JSON mapping --------------------------------------------------------------------------------
def test_json_one_result_per_instance_with_driver_and_run_properties() -> None:
    run = run_of(BASELINE)
    driver = run["tool"]["driver"]
    assert driver["name"] == "OWASP ZAP"
    assert driver["version"] == "2.14.0"
    assert len(run["results"]) == 10  # instances over 8 alerts and 2 sites
    assert run["invocations"][0]["executionSuccessful"] is True
    props = run["properties"]
    assert props["generated"] == "Tue, 1 Dec 2026 10:15:42"
    assert props["generatedUtc"] == "2026-12-01T10:15:42Z"  # from `created`
    assert run["invocations"][0]["endTimeUtc"] == "2026-12-01T10:15:42Z"
    assert "generatedZoneAssumed" not in props
    assert props["sites"] == ["https://review-42.app.test", "https://api.review-42.app.test"]


def test_rule_has_texts_without_html_cwe_tag_and_wasc() -> None:
    run = run_of(BASELINE)
    csp = rule(run, "10038-1")
    assert csp["name"] == csp["shortDescription"]["text"] == "Content Security Policy (CSP) Header Not Set"
    assert csp["fullDescription"]["text"].startswith("Content Security Policy (CSP) is an added layer")
    help_text = csp["help"]["text"]
    assert "Solution: Ensure that your web server" in help_text
    assert "https://www.w3.org/TR/CSP/" in help_text
    assert "<p>" not in json.dumps(run["tool"]["driver"]["rules"])
    assert csp["helpUri"] == "https://www.zaproxy.org/docs/alerts/10038-1/"
    tags = csp["properties"]["tags"]
    assert "external/cwe/cwe-693" in tags and "WASC-15" in tags and "dast" in tags
    assert csp["properties"]["cwe"] == "CWE-693"
    assert csp["properties"]["wascId"] == 15
    # entities decoded: &apos; is a quote
    assert "'nosniff'" in rule(run, "10021")["fullDescription"]["text"]


def test_result_has_web_request_and_no_physical_location() -> None:
    run = run_of(BASELINE)
    hsts = by_rule(run, "10035-1")[0]
    assert "locations" not in hsts
    assert hsts["webRequest"] == {"method": "GET", "target": "https://api.review-42.app.test/v1/items?page=2"}
    props = hsts["properties"]
    assert props["url"] == "https://api.review-42.app.test/v1/items?page=2"
    assert props["method"] == "GET"
    assert props["pluginId"] == "10035" and props["alertRef"] == "10035-1"
    assert props["riskcode"] == 1 and props["confidence"] == "High" and props["wascId"] == 15
    assert props["site"] == "https://api.review-42.app.test"
    text = hsts["message"]["text"]
    assert text == "Strict-Transport-Security Header Not Set: GET https://api.review-42.app.test/v1/items?page=*"
    with_param = by_rule(run, "10010")[0]
    assert with_param["message"]["text"].endswith("(parameter session)")


@pytest.mark.parametrize(
    ("risk", "confidence", "severity", "level"),
    [
        ("3", "3", "high", "error"), ("3", "4", "high", "error"), ("3", "2", "high", "error"),
        ("3", "1", "medium", "warning"), ("2", "1", "low", "note"), ("1", "1", "low", "note"),
        ("2", "2", "medium", "warning"), ("1", "3", "low", "note"), ("0", "3", "info", "note"),
        ("3", "0", "info", "note"),
    ],
)  # fmt: skip
def test_severity_from_risk_adjusted_by_confidence(risk: str, confidence: str, severity: str, level: str) -> None:
    result = run_of(minimal([alert(riskcode=risk, confidence=confidence)]))["results"][0]
    assert result["properties"]["zapSeverity"] == severity
    assert result["level"] == level
    assert result["properties"]["security-severity"] == {"high": "8.0", "medium": "5.5", "low": "2.0", "info": "0.0"}[
        severity
    ]


def test_unknown_risk_is_medium_and_unknown_confidence_adjusts_nothing() -> None:
    for risk in ("", "99", "high", None):
        result = run_of(minimal([alert(riskcode=risk, confidence="7")]))["results"][0]
        assert result["properties"]["zapSeverity"] == "medium", risk


def test_alerts_sharing_a_plugin_id_keep_their_own_names_and_methods_are_clean() -> None:
    inst = {"uri": "https://app.test/", "method": "get\x1b[31m\nX", "param": "", "attack": "", "evidence": "",
            "otherinfo": ""}  # fmt: skip
    first = alert(pluginid="10020", alertRef="", alert="X-Frame-Options Header Not Set", instances=[inst])
    second = alert(pluginid="10020", alertRef="", alert="Multiple X-Frame-Options Header Entries", instances=[inst])
    results = run_of(minimal([first, second]))["results"]
    assert [r["ruleId"] for r in results] == ["10020", "10020"]
    assert results[0]["message"]["text"].startswith("X-Frame-Options Header Not Set: ")
    assert results[1]["message"]["text"].startswith("Multiple X-Frame-Options Header Entries: ")
    assert results[0]["webRequest"]["method"] == "GET31MX"


def test_false_positive_is_kept_at_info_marked_and_counted() -> None:
    run = run_of(BASELINE)
    (csrf,) = by_rule(run, "10202")
    assert csrf["properties"]["falsePositive"] is True
    assert csrf["properties"]["confidence"] == "False Positive"
    assert csrf["level"] == "note" and csrf["properties"]["security-severity"] == "0.0"
    assert "[marked false positive in ZAP]" in csrf["message"]["text"]
    assert run["properties"]["falsePositives"] == 1
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("1 alert instance(s) marked false positive" in n["message"]["text"] for n in notes)


@pytest.mark.parametrize(
    ("generated", "expected"),
    [("Tue, 1 Dec 2026 10:15:42", "2026-12-01T10:15:42Z"), ("Mon, 31 Feb 2026 10:00:00", None),
     ("1 Jan 2025 00:00:01", "2025-01-01T00:00:01Z"), ("yesterday", None), ("", None)],
)  # fmt: skip
def test_generated_time_without_zone(generated: str, expected: str | None) -> None:
    doc = json.loads(minimal([]))
    doc["@generated"] = generated
    assert run_of(json.dumps(doc).encode())["properties"].get("generatedUtc") == expected


def test_cwe_zero_or_negative_wasc_is_not_kept() -> None:
    run = run_of(minimal([alert(cweid="0", wascid="-1")]))
    props = run["tool"]["driver"]["rules"][0]["properties"]
    assert "cwe" not in props and "wascId" not in props
    assert not [t for t in props["tags"] if t.startswith(("external/cwe", "WASC"))]


# --- XML mapping ---------------------------------------------------------------------------------
def test_xml_full_scan_maps_like_json() -> None:
    run = run_of(FULL, "zap.xml")
    assert run["tool"]["driver"]["version"] == "2.15.0"
    assert len(run["results"]) == 7
    assert run["properties"]["sites"] == ["https://review-42.app.test", "https://static.review-42.app.test"]
    assert run["properties"]["generated"] == "Tue, 1 Dec 2026 11:02:10"
    assert run["properties"]["generatedUtc"] == "2026-12-01T11:02:10Z"  # ZAP's zone-less "@generated"
    assert run["properties"]["generatedZoneAssumed"] is True
    xss = by_rule(run, "40012")
    assert [r["webRequest"]["method"] for r in xss] == ["GET", "POST"]
    assert xss[0]["properties"]["attack"] == "<scrIpt>alert(1);</scRipt>"  # evidence kept verbatim (as data)
    assert xss[0]["properties"]["param"] == "q"
    assert xss[0]["level"] == "error"
    assert rule(run, "40012")["fullDescription"]["text"].startswith("Cross-site Scripting (XSS) is an attack")
    assert "<p>" not in json.dumps(run["tool"]["driver"]["rules"])
    sqli = by_rule(run, "40018")[0]
    assert sqli["properties"]["confidence"] == "Confirmed" and sqli["properties"]["zapSeverity"] == "high"
    assert sqli["properties"]["attack"] == "' OR '1'='1' -- "  # spaces of a payload matter
    clickjacking = by_rule(run, "10020-1")
    assert {r["properties"]["zapSeverity"] for r in clickjacking} == {"low"}  # medium at low confidence


def test_xml_before_zap_2_7_has_one_instance_in_the_alert_item() -> None:
    raw = b"""<?xml version="1.0"?><OWASPZAPReport version="2.6.0" generated="Mon, 1 Jan 2018 10:00:00">
    <site name="http://old.test" host="old.test" port="80" ssl="false"><alerts><alertitem>
    <pluginid>10016</pluginid><alert>Web Browser XSS Protection Not Enabled</alert><riskcode>1</riskcode>
    <confidence>2</confidence><desc>&lt;p&gt;d&lt;/p&gt;</desc><uri>http://old.test/</uri><param>X-XSS-Protection</param>
    <cweid>933</cweid><wascid>14</wascid></alertitem></alerts></site></OWASPZAPReport>"""
    (result,) = run_of(raw)["results"]
    assert result["ruleId"] == "10016"
    assert result["webRequest"] == {"method": "GET", "target": "http://old.test/"}


# --- fingerprints --------------------------------------------------------------------------------
def test_fingerprints_are_stable_across_imports_and_unique_within_one() -> None:
    first, second = run_of(BASELINE), run_of(BASELINE)
    prints = [r["partialFingerprints"] for r in first["results"]]
    assert prints == [r["partialFingerprints"] for r in second["results"]]
    assert len({p["primaryLocationLineHash"] for p in prints}) == len(prints)
    assert all(p["zapAlertInstance/v1"] == p["primaryLocationLineHash"] for p in prints)


def test_fingerprint_ignores_volatile_query_values_but_not_param_or_path() -> None:
    def print_of(uri: str, param: str = "q") -> str:
        inst = {"uri": uri, "method": "GET", "param": param, "attack": "", "evidence": "", "otherinfo": ""}
        result = run_of(minimal([alert(instances=[inst])]))["results"][0]
        assert isinstance(result["partialFingerprints"]["primaryLocationLineHash"], str)
        return str(result["partialFingerprints"]["primaryLocationLineHash"])

    base = print_of("https://app.test/search?q=%3Cscript%3E&_=1733050000")
    assert print_of("https://app.test/search?_=1733059999&q=%22onmouseover") == base  # attack and nonce vary
    assert print_of("https://app.test/search;jsessionid=OTHER?q=1&_=2") != base  # path differs (;jsessionid=*)
    assert print_of("https://app.test/search;jsessionid=A?q=1&_=2") == print_of("https://app.test/search;jsessionid=B?_=3&q=4")
    assert print_of("https://app.test/search?q=1&_=2", param="other") != base
    assert print_of("https://app.test/find?q=1&_=2") != base


def test_same_instance_twice_gets_distinct_occurrences() -> None:
    inst = {"uri": "https://app.test/a", "method": "GET", "param": "", "attack": "", "evidence": "e", "otherinfo": ""}
    results = run_of(minimal([alert(instances=[inst, {**inst, "evidence": "f"}])]))["results"]
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in results]
    assert hashes[0].split(":")[0] == hashes[1].split(":")[0]
    assert [h.split(":")[1] for h in hashes] == ["1", "2"]


# --- redaction -----------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", [BASELINE, FULL], ids=["json", "xml"])
def test_planted_credentials_are_nowhere_in_the_output(raw: bytes) -> None:
    text = json.dumps(zap.to_sarif(raw, source="zap-report"))
    for secret in PLANTED:
        assert secret not in text, secret
        assert secret[:12] not in text, secret  # nor a recognisable part
    assert "PlantedPwd" not in text  # inside the Basic credentials


def test_redaction_keeps_what_is_not_a_credential() -> None:
    run = run_of(BASELINE)
    cookie = by_rule(run, "10010")[0]["properties"]["evidence"]
    assert cookie == "Set-Cookie: session=[REDACTED]; Path=/; Secure"
    rewrite = by_rule(run, "3-1")[0]
    assert rewrite["properties"]["url"] == "https://review-42.app.test/account;jsessionid=[REDACTED]?tab=1"
    assert rewrite["properties"]["evidence"] == "[REDACTED]"  # the session id itself
    timestamp = by_rule(run, "10096")[0]["properties"]
    assert timestamp["url"] == "https://review-42.app.test/static/app.js?v=1733050000&api_key=[REDACTED]"
    assert timestamp["evidence"] == "1733050000"
    weak = by_rule(run, "10105-1")[0]["properties"]
    assert weak["evidence"] == 'WWW-Authenticate: Basic realm="admin"'  # a challenge holds no credential
    assert "Authorization: Basic [REDACTED]" in weak["otherInfo"]
    assert "Bearer [REDACTED]" in by_rule(run, "10021")[1]["properties"]["otherInfo"]
    xss = by_rule(run_of(FULL), "40012")[0]
    assert xss["webRequest"]["target"].endswith("&token=[REDACTED]")
    assert "%3CscrIpt%3E" in xss["webRequest"]["target"]


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Cookie: a=1; sid=Zx81kQ92mLp0aa", "Zx81kQ92mLp0aa"),
        ("X-Api-Key: 9f8e7d6c5b4a39281706", "9f8e7d6c5b4a39281706"),
        ("Proxy-Authorization: Digest username=\"u\", response=\"6629fae49393a05397450978507c4ef1\"",
         "6629fae49393a05397450978507c4ef1"),
        ('{"access_token": "ya29.PLANTEDOAUTH0123456789"}', "PLANTEDOAUTH0123456789"),
        ("see https://user:hunter2pass@app.test/x", "hunter2pass"),
        ("redirect to https://app.test/cb#access_token=FRAGTOKEN998877&state=1", "FRAGTOKEN998877"),
        ("password=Sup3rS3cretPw!", "Sup3rS3cretPw"),
        ("GET https://app.test/x?api%5Fkey=PCTENCODEDKEY4242 HTTP/1.1", "PCTENCODEDKEY4242"),
        ("Authorization: Basic dXNlcjpQbGFudGVkQmFzaWM=", "dXNlcjpQbGFudGVkQmFzaWM"),
        ("sent Basic dXNlcjpQbGFudGVkQmFzaWM= in prose", "dXNlcjpQbGFudGVkQmFzaWM"),
    ],
)  # fmt: skip
def test_credentials_in_evidence_and_other_info(text: str, secret: str) -> None:
    inst = {"uri": "https://app.test/", "method": "GET", "param": "", "attack": text, "evidence": text,
            "otherinfo": text}  # fmt: skip
    out = json.dumps(zap.to_sarif(minimal([alert(instances=[inst])]), source="z"))
    assert secret not in out


def test_a_value_learnt_late_leaves_earlier_results_too() -> None:
    token = "LATELEARNTTOKEN12345"
    first = {"uri": "https://app.test/a", "method": "GET", "param": "", "attack": "", "evidence": f"echo {token}",
             "otherinfo": ""}  # fmt: skip
    second = {"uri": f"https://app.test/b?token={token}", "method": "GET", "param": "", "attack": "", "evidence": "",
              "otherinfo": ""}  # fmt: skip
    out = json.dumps(zap.to_sarif(minimal([alert(instances=[first, second])]), source="z"))
    assert token not in out


# --- validity ------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", [BASELINE, FULL], ids=["json", "xml"])
def test_output_is_valid_sarif_and_reads_into_the_object_model(raw: bytes) -> None:
    log = zap.to_sarif(raw, source="zap")
    jsonschema.validate(log, om.sarif_schema())
    run = om.run_from_dict(log["runs"][0])
    assert run.results and run.results[0].web_request is not None


# --- empty and malformed -------------------------------------------------------------------------
def test_a_report_without_sites_is_an_unsuccessful_run_never_a_clean_one() -> None:
    run = run_of(b'{"@programName": "ZAP", "@version": "2.14.0", "site": []}')
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "ZAP scanned nothing" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_sites_without_alerts_are_a_successful_run_with_no_results() -> None:
    run = run_of(minimal([]))
    assert run["invocations"][0]["executionSuccessful"] is True
    assert run["results"] == []


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<OWASPZAPReport version="2.14.0"><site name="&lol3;"/></OWASPZAPReport>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<OWASPZAPReport version="2.14.0"><site name="&x;"/></OWASPZAPReport>"""
DTD_ONLY = b"""<?xml version="1.0"?><!DOCTYPE OWASPZAPReport SYSTEM "http://attacker.invalid/x.dtd">
<OWASPZAPReport version="2.14.0"/>"""


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b'{"@version": "2.14.0", "site": [', "not valid JSON"),
        (b"[1, 2]", "not an object"),
        (b'{"@version": "2.14.0"}', "no 'site' list"),
        (b'{"@version": "2.14.0", "site": 7}', "not a list"),
        (b'{"@version": "2.14.0", "site": [{"alerts": [1]}]}', "not an object"),
        (b'{"@version": "2.14.0", "site": [{"alerts": [{"instances": [{"uri": {"x": 1}}]}]}]}', "not text"),
        (b'{"@version": ["x"], "site": []}', "not text"),
        (b'{"site": "\xff\xfe"}', "not UTF-8"),
        (b"{" + b'"a":' * 0 + b'"site": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested deeper"),
        (b'{"site": [' + b'{"a": ' * 40 + b"1" + b"}" * 40 + b"]}", "nested deeper"),
        (b"<OWASPZAPReport><site>", "not well-formed"),
        (b"<project/>", "root is not OWASPZAPReport"),
        (BILLION_LAUGHS, "DTD or entity"),
        (XXE, "DTD or entity"),
        (DTD_ONLY, "DTD or entity"),
        (b"<OWASPZAPReport>" + b"<a>" * 200 + b"</a>" * 200 + b"</OWASPZAPReport>", "nested deeper"),
        (b"hello", "neither"),
    ],
)  # fmt: skip
def test_malformed_and_hostile_reports_are_one_line_usage_errors(raw: bytes, why: str) -> None:
    with pytest.raises(zap.ZapReportError) as caught:
        zap.to_sarif(raw, source="zap.json")
    assert isinstance(caught.value, ShiftleftError)
    assert caught.value.exit_code == EXIT_USAGE
    assert why in caught.value.message
    assert "\n" not in caught.value.message


def test_huge_counts_and_sizes_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zap, "MAX_INSTANCES", 5)
    many = [dict(alert()["instances"][0], uri=f"https://app.test/{i}") for i in range(6)]
    with pytest.raises(zap.ZapReportError, match="more than 5 alert instances"):
        zap.to_sarif(minimal([alert(instances=many)]), source="z")
    xml_items = "".join(f"<instance><uri>https://app.test/{i}</uri></instance>" for i in range(6))
    raw = (f'<OWASPZAPReport version="2"><site name="s"><alerts><alertitem><pluginid>1</pluginid>'
           f"<instances>{xml_items}</instances></alertitem></alerts></site></OWASPZAPReport>")  # fmt: skip
    with pytest.raises(zap.ZapReportError, match="more than 5 alert instances"):
        zap.to_sarif(raw.encode(), source="z")
    monkeypatch.setattr(zap, "MAX_REPORT_BYTES", 100)
    with pytest.raises(zap.ZapReportError, match="larger than"):
        zap.to_sarif(BASELINE, source="z")
    monkeypatch.setattr(zap, "MAX_REPORT_BYTES", 64 * 1024 * 1024)
    monkeypatch.setattr(zap, "MAX_XML_ELEMENTS", 50)
    with pytest.raises(zap.ZapReportError, match="more than 50 XML elements"):
        zap.to_sarif(FULL, source="z")


def test_long_fields_are_cut_after_redaction() -> None:
    secret = "Bearer " + "A1b2" * 3000  # crosses the cut
    inst = {"uri": "https://app.test/", "method": "GET", "param": "", "attack": "", "evidence": "x" * 7990 + secret,
            "otherinfo": ""}  # fmt: skip
    result = run_of(minimal([alert(instances=[inst])]))["results"][0]
    assert "A1b2A1b2" not in json.dumps(result)
    assert len(result["properties"]["evidence"]) <= zap.MAX_TEXT


def test_control_characters_do_not_reach_the_output() -> None:
    run = run_of(minimal([alert(alert="XSS\x1b[2J\x07 alert", desc="<p>a\x1b]0;title\x07</p>")]))
    text = json.dumps(run)
    assert "\\u001b" not in text and "\\u0007" not in text


# --- robustness ----------------------------------------------------------------------------------
_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30), st.floats(allow_nan=False))
_json = st.recursive(_scalars, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids,
                                                                                          max_size=4), max_leaves=30)
_keys = st.sampled_from(["site", "alerts", "instances", "uri", "method", "param", "evidence", "riskcode", "confidence",
                         "cweid", "@version", "@name", "pluginid", "alertRef", "otherinfo", "attack"])  # fmt: skip
_zapish = st.recursive(_scalars, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(_keys, kids, max_size=5),
                       max_leaves=40)  # fmt: skip


def _converts_or_refuses(raw: bytes) -> None:
    try:
        log = zap.to_sarif(raw, source="fuzz")
    except zap.ZapReportError as exc:
        assert exc.exit_code == EXIT_USAGE
        return
    json.dumps(log)  # plain JSON data
    assert log["runs"][0]["tool"]["driver"]["name"] == "OWASP ZAP"


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_keys, _zapish, max_size=5))
def test_any_json_shape_converts_or_is_refused_never_crashes(doc: dict[str, Any]) -> None:
    _converts_or_refuses(json.dumps(doc).encode())


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([b"", b"{", b'{"site": [', b"<OWASPZAPReport", b"<"]))
def test_any_bytes_convert_or_are_refused_never_crash(tail: bytes, head: bytes) -> None:
    _converts_or_refuses(head + tail)


@settings(max_examples=150, deadline=None)
@given(_json)
def test_any_json_value_converts_or_is_refused(value: Any) -> None:
    _converts_or_refuses(json.dumps({"site": [{"alerts": [{"instances": [value]}]}], "@version": value}).encode())
