"""Property-based: random secrets planted at random positions of a real scan's SARIF (as a
tool echoing file content would put them: snippets, messages, properties, notifications,
failure reasons) never come out of any output - SARIF, scorecard.json, HTML, Markdown,
CSV, JUnit, the history database, a stderr notice - nor any 8-character part of them;
and every string that carried no secret comes out byte for byte."""

from __future__ import annotations

import copy
import hashlib
import json
import sqlite3
import string
import tempfile
from pathlib import Path
from typing import Any

from detect_secrets.filters.heuristic import is_sequential_string
from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString, HexHighEntropyString
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from shiftleft.history import HistoryStore
from shiftleft.report import FORMATS
from shiftleft.report.model import assemble_report
from shiftleft.sarif import om
from shiftleft.sarif.redact import REDACTED, Redactor, is_strong, redact_log, redact_text, redact_value
from tests.hostile.redact.builders import parts

SCAN = Path(__file__).resolve().parents[2] / "report" / "data" / "vulnerable-app.sarif"
BASE64 = string.ascii_letters + string.digits + "+/"

# --- what is planted ------------------------------------------------------------------
aws_ids = st.text(alphabet=string.ascii_uppercase + "234567", min_size=16, max_size=16).map(lambda s: "AKIA" + s)
github = st.text(alphabet=string.ascii_letters + string.digits, min_size=36, max_size=36).map(lambda s: "ghp_" + s)
#: what detect-secrets itself calls a secret: its entropy limits, not a sequence ("0123...")
_B64, _HEX = Base64HighEntropyString(), HexHighEntropyString()
base64_blobs = st.text(alphabet=BASE64, min_size=32, max_size=48).filter(
    lambda s: (
        _B64.calculate_shannon_entropy(s) > _B64.entropy_limit
        and any(c.isdigit() for c in s)
        and not is_sequential_string(s)
    )
)
hex_blobs = st.text(alphabet="0123456789abcdef", min_size=40, max_size=40).filter(
    lambda s: _HEX.calculate_shannon_entropy(s) > _HEX.entropy_limit and not is_sequential_string(s)
)
url_passwords = st.text(alphabet=string.ascii_letters + string.digits + "-_.~", min_size=6, max_size=30)
weak_words = st.sampled_from(["test", "secret", "password", "admin", "changeme", "letmein", "qwerty"])


@st.composite
def planted(draw: st.DrawFn) -> tuple[str, str, bool]:
    """(text to plant, the secret value, whether the secrets engine reported it: its hash
    is then known, as when detect-secrets found it in the file)."""
    kind = draw(st.sampled_from(["aws", "github", "b64-quoted", "b64-hashed", "hex-quoted", "url"]))
    if kind == "aws":
        value = draw(aws_ids)
        return draw(st.sampled_from([value, f"key={value}", f'"{value}"', f"{value}x"])), value, False
    if kind == "github":
        value = draw(github)
        return draw(st.sampled_from([value, f"token: {value}", f"Bearer {value}"])), value, False
    if kind == "b64-quoted":
        value = draw(base64_blobs)
        return draw(st.sampled_from([f'"{value}"', f"'{value}'", f'secret = "{value}"'])), value, False
    if kind == "b64-hashed":  # unquoted: only the engine's hash says it is a secret
        value = draw(base64_blobs)
        return draw(st.sampled_from([value, f"API_TOKEN={value}", f"({value})", f"{value}."])), value, True
    if kind == "hex-quoted":
        value = draw(hex_blobs)
        return f'"{value}"', value, False
    value = draw(url_passwords.filter(lambda s: len(s) >= 8 and is_strong(s)))
    user = draw(st.sampled_from(["deploy", "ci", "x-access-token"]))
    return f"git+https://{user}:{value}@git.example.invalid/team/repo.git", value, False


# --- where it is planted --------------------------------------------------------------
def _slots(log: dict[str, Any]) -> list[tuple[Any, Any]]:
    """(container, key) of every string a tool's output can put file content into."""
    slots: list[tuple[Any, Any]] = []
    for run in log["runs"]:
        for result in run.get("results") or []:
            slots.append((result["message"], "text"))
            for loc in result.get("locations") or []:
                phys = loc.get("physicalLocation") or {}
                for region in (phys.get("region"), phys.get("contextRegion")):
                    if region and isinstance(region.get("snippet"), dict):
                        slots.append((region["snippet"], "text"))
            props = result.setdefault("properties", {})
            props.setdefault("detail", "tool detail")
            slots.append((props, "detail"))
        for inv in run.get("invocations") or []:
            for note in inv.get("toolExecutionNotifications") or []:
                slots.append((note["message"], "text"))
    scanners = log["properties"]["shiftleft"]["scanners"]
    scanners[0]["reason"] = scanners[0].get("reason") or "tool said"
    slots.append((scanners[0], "reason"))
    return slots


def _outputs(log_dict: dict[str, Any], hashes: list[str], notice: str) -> tuple[dict[str, str], dict[str, Any]]:
    """Every output of a scan of ``log_dict``, as the CLI makes them: the redacted log, the
    report (redacted again), all formats, the history database and a stderr notice."""
    log = om.log_from_dict(copy.deepcopy(log_dict))
    redact_log(log, hashes)
    sarif = om.log_to_dict(log)
    report = redact_value(assemble_report(sarif).report)
    texts: dict[str, str] = {"stderr": redact_text(notice)}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (filename, write) in FORMATS.items():
            texts[name] = write(report, Path(tmp) / filename).read_text("utf-8")
        HistoryStore(Path(tmp) / "history.db").record(report, target="t")
        with sqlite3.connect(Path(tmp) / "history.db") as conn:
            texts["history"] = "\n".join(conn.iterdump())
    return texts, sarif


def _strings(obj: Any, path: str = "") -> dict[str, str]:
    if isinstance(obj, str):
        return {path: obj}
    out: dict[str, str] = {}
    if isinstance(obj, dict):
        for key, value in obj.items():
            out.update(_strings(value, f"{path}/{key}"))
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            out.update(_strings(value, f"{path}/{i}"))
    return out


BASE_LOG: dict[str, Any] = json.loads(SCAN.read_text("utf-8"))
_SLOT_COUNT = len(_slots(copy.deepcopy(BASE_LOG)))
_VOLATILE = ("startTime", "endTime", "recorded", "history")  # wall-clock values, not text


# no shrinking phase: one example costs about a second, shrinking would take minutes
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
@given(
    planted(),
    st.integers(0, _SLOT_COUNT - 1),
    st.floats(0, 1),
    st.sampled_from([" ", "\n", "", " = ", ": "]),
)
def test_planted_secret_is_in_no_output_and_nothing_else_changes(
    plant: tuple[str, str, bool], slot: int, where: float, joint: str
) -> None:
    text, secret, hashed = plant
    hashes = [hashlib.sha1(secret.encode()).hexdigest()] if hashed else []
    clean = copy.deepcopy(BASE_LOG)
    _slots(clean)  # same defaults as the planted copy
    dirty = copy.deepcopy(clean)
    container, key = _slots(dirty)[slot]
    original = container[key]
    cut = int(len(original) * where)
    container[key] = original[:cut] + joint + text + joint + original[cut:]
    notice = f"history not recorded: cannot open {text}"

    outputs, sarif = _outputs(dirty, hashes, notice)
    for name, body in outputs.items():
        for part in parts(secret):
            assert part not in body, (name, part)

    # byte for byte: every string of the log that carried no secret is what it would be
    # without the planted one
    clean_log = om.log_from_dict(clean)
    redact_log(clean_log, hashes)
    clean_sarif = om.log_to_dict(clean_log)
    before, after = _strings(clean_sarif), _strings(sarif)
    changed = {p for p in before if p in after and before[p] != after[p] and not p.endswith(_VOLATILE)}
    assert len(changed) <= 1, changed  # only the planted string
    assert REDACTED in json.dumps(sarif)


# --- non-secret text survives -----------------------------------------------------------
words = st.sampled_from(
    ["test", "tests", "secret", "secrets", "password", "token", "code", "build", "deploy", "stage", "B105",
     "detect-secrets/secret-keyword", "CKV_AWS_41", "tests/test_views.py", "src/app/settings.py", "%SRCROOT%",
     "Possible", "hardcoded", "found", "line", "42", "admin", "changeme", "(value redacted)"]
)  # fmt: skip
separators = st.sampled_from([" ", "  ", "/", "_", ".", "-", ", ", "\n", "(", ")", " in ", " at "])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(words, separators), max_size=30), st.lists(weak_words, max_size=3))
def test_text_without_a_secret_survives_byte_for_byte(pieces: list[tuple[str, str]], weak: list[str]) -> None:
    """Weak passwords the engine reported ("test", "secret", "password"...) do not touch the
    same words in stage names, paths, rule ids or prose: only values (quoted, assigned)."""
    text = "".join(w + s for w, s in pieces)
    redactor = Redactor([hashlib.sha1(w.encode()).hexdigest() for w in weak], weak)
    assert redactor.text(text) == text
    assert redactor.identifier(text) == text
    assert redactor.tree({"stage": "test", "uri": text, "message": {"text": text}}) == {
        "stage": "test", "uri": text, "message": {"text": text}
    }  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(weak_words, st.sampled_from(['password = "{}"', "password: '{}'", "DB_PASSWORD={}", 'secret="{}"']))
def test_weak_value_goes_where_it_is_the_value(word: str, form: str) -> None:
    redactor = Redactor([hashlib.sha1(word.encode()).hexdigest()])
    line = form.format(word)
    stage = f"stage {word} in tests/{word}_views.py"
    out = redactor.tree([line, stage])
    assert out[1] == stage
    assert word not in out[0].replace("password", "").replace("PASSWORD", "").replace("secret", "")
