"""Score shiftleft's code stage (and bandit alone, for Python) on the labelled SAST corpora.

    python benchmarks/sast_score.py [--root benchmarks/sast] [--lang python] [--json] [--no-bandit] [--no-timing]

Every directory under the root that holds an ``expected.csv`` (``test,category,vulnerable,cwe``)
is one language corpus. Its files are scanned with ``shiftleft scan --stage code`` into a
temporary directory; a test case counts as flagged for its category when some result located in
its file carries one of the category's CWEs (CWE-95 counts as code injection; a cookie without
HttpOnly, CWE-1004, does not count for securecookie: its cases are about Secure). Per category:
TP, FN, TN, FP, TPR, FPR and score = TPR - FPR (the OWASP Benchmark measure); per language the
average over its categories. The same figures are given for the semgrep results of that scan
alone (the pack's own reach) and, for Python, for bandit alone. The semgrep pack's load time
(the language's bundled rules on one empty file) and scan time (the same rules on the corpus)
are printed beside the code stage's wall time.

Exit 0 when the scores were computed; 2 with one line when a tool is missing, a scan was not
complete (a code-stage scanner not assessed), or a corpus is malformed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = ROOT / "benchmarks" / "sast"
HEADER = ("test", "category", "vulnerable", "cwe")

#: benchmark category -> the CWE of its expected.csv rows
CATEGORY_CWE: dict[str, int] = {
    "sqli": 89, "cmdi": 78, "pathtraver": 22, "xss": 79, "xxe": 611, "deserialization": 502,
    "ldapi": 90, "xpathi": 643, "codeinj": 94, "redirect": 601, "crypto": 327, "hash": 328,
    "weakrand": 330, "securecookie": 614, "trustbound": 501, "ssrf": 918,
}  # fmt: skip
#: CWEs that count for a category besides its own
EXTRA_CWES: dict[str, frozenset[int]] = {
    "codeinj": frozenset({95}),  # eval injection
}
#: bandit tests whose own CWE is broader or other than the class they detect (eval and exec
#: are CWE-78 in bandit, yaml.load and the XML parsers CWE-20, md5/sha1 CWE-327): the CWE of
#: the class is added to the one bandit gives, in its JSON and in shiftleft's SARIF alike
BANDIT_CWE: dict[str, int] = {
    "B102": 94, "B307": 95,  # exec, eval
    "B506": 502,  # yaml.load
    "B303": 328, "B324": 328,  # md5/sha1 (blacklist call, hashlib)
    "B308": 79, "B703": 79,  # mark_safe (bandit: CWE-80, a kind of CWE-79)
    **{f"B{n}": 611 for n in range(313, 321)},  # XML parser calls
    **{f"B{n}": 611 for n in range(405, 411)},  # XML parser imports
}  # fmt: skip
#: scanners of the code stage whose findings are scored (detect-secrets is not SAST)
SAST_SCANNERS = ("semgrep", "bandit")
_CWE = re.compile(r"cwe-(\d+)", re.IGNORECASE)


class BenchError(Exception):
    """A corpus, tool or scan problem: one line, exit 2."""


@dataclass(frozen=True)
class Case:
    test: str
    category: str
    vulnerable: bool
    cwe: int


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fn: int = 0
    tn: int = 0
    fp: int = 0

    @property
    def tpr(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def fpr(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    @property
    def score(self) -> float:
        return self.tpr - self.fpr

    def as_dict(self) -> dict[str, float | int]:
        return {**asdict(self), "tpr": round(self.tpr, 4), "fpr": round(self.fpr, 4), "score": round(self.score, 4)}


def category_cwes(category: str, own: int | None = None) -> frozenset[int]:
    """The CWEs whose findings flag a case of ``category``."""
    cwes = {CATEGORY_CWE[category]} if category in CATEGORY_CWE else set()
    if own is not None:
        cwes.add(own)
    return frozenset(cwes | EXTRA_CWES.get(category, frozenset()))


def read_expected(path: Path) -> list[Case]:
    """The cases of one expected.csv; a malformed file raises BenchError."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BenchError(f"{path}: cannot read: {exc}") from exc
    rows = list(csv.reader(text.splitlines()))
    if not rows or tuple(cell.strip() for cell in rows[0]) != HEADER:
        raise BenchError(f"{path}: the header must be {','.join(HEADER)}")
    cases: list[Case] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(HEADER):
            raise BenchError(f"{path}:{number}: {len(row)} fields, expected {len(HEADER)}")
        test, category, vulnerable, cwe = (cell.strip() for cell in row)
        if not test or test in seen:
            raise BenchError(f"{path}:{number}: empty or repeated test name {test!r}")
        if category not in CATEGORY_CWE:
            raise BenchError(f"{path}:{number}: unknown category {category!r}")
        if vulnerable.lower() not in ("true", "false"):
            raise BenchError(f"{path}:{number}: vulnerable must be true or false, not {vulnerable!r}")
        if not cwe.isdigit():
            raise BenchError(f"{path}:{number}: cwe must be a number, not {cwe!r}")
        seen.add(test)
        cases.append(Case(test, category, vulnerable.lower() == "true", int(cwe)))
    if not cases:
        raise BenchError(f"{path}: no test cases")
    return cases


def cwe_numbers(values: Iterable[object]) -> set[int]:
    """CWE numbers out of strings such as "CWE-89", "CWE-79: Improper ..." or "external/cwe/cwe-89"."""
    found: set[int] = set()
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool):
            found.add(value)
        elif isinstance(value, str):
            found.update(int(m) for m in _CWE.findall(value))
    return found


def _as_list(value: object) -> list[object]:
    if isinstance(value, list):
        return value
    return [value] if value is not None else []


def sarif_flags(log: Mapping[str, Any], tools: Sequence[str] = SAST_SCANNERS) -> dict[str, set[int]]:
    """File stem -> the CWEs of the results located in it, from the runs of ``tools``.

    A result's CWEs are those in its ``properties.cwe`` (as shiftleft writes them), and those
    of its rule (``properties.cwe``, ``properties.tags`` such as ``external/cwe/cwe-89``)."""
    flags: dict[str, set[int]] = {}
    for run in log.get("runs") or []:
        meta = (run.get("properties") or {}).get("shiftleft") or {}
        if meta.get("scanner") not in tools:
            continue
        extra = BANDIT_CWE if meta.get("scanner") == "bandit" else {}
        rules = (run.get("tool") or {}).get("driver", {}).get("rules") or []
        rule_cwes: dict[str, set[int]] = {}
        for rule in rules:
            props = rule.get("properties") or {}
            rule_cwes[rule.get("id", "")] = cwe_numbers([*_as_list(props.get("cwe")), *_as_list(props.get("tags"))])
        for result in run.get("results") or []:
            props = result.get("properties") or {}
            rule_id = result.get("ruleId", "")
            cwes = cwe_numbers(_as_list(props.get("cwe"))) | rule_cwes.get(rule_id, set())
            if rule_id in extra:
                cwes.add(extra[rule_id])
            for location in result.get("locations") or []:
                uri = ((location.get("physicalLocation") or {}).get("artifactLocation") or {}).get("uri")
                if uri:
                    flags.setdefault(Path(uri).stem, set()).update(cwes)
    return flags


def bandit_flags(report: Mapping[str, Any]) -> dict[str, set[int]]:
    """File stem -> the CWEs of bandit's JSON results (``issue_cwe.id``, and BANDIT_CWE of its test id)."""
    flags: dict[str, set[int]] = {}
    for result in report.get("results") or []:
        cwe = (result.get("issue_cwe") or {}).get("id")
        stem = Path(str(result.get("filename", ""))).stem
        flags.setdefault(stem, set()).update(cwe_numbers([cwe, BANDIT_CWE.get(str(result.get("test_id")))]))
    return flags


def score(cases: Iterable[Case], flags: Mapping[str, set[int]]) -> dict[str, Counts]:
    """Per category, the confusion counts of ``flags`` against the labels."""
    tallies: dict[str, list[int]] = {}
    for case in cases:
        flagged = bool(flags.get(case.test, set()) & category_cwes(case.category, case.cwe))
        tally = tallies.setdefault(case.category, [0, 0, 0, 0])
        if case.vulnerable:
            tally[0 if flagged else 1] += 1
        else:
            tally[3 if flagged else 2] += 1
    return {cat: Counts(*tallies[cat]) for cat in sorted(tallies)}


def overall(per_category: Mapping[str, Counts]) -> dict[str, float]:
    """Averages over the categories (each category weighs the same, as in the OWASP Benchmark)."""
    n = len(per_category)
    if not n:
        return {"tpr": 0.0, "fpr": 0.0, "score": 0.0}
    return {
        "tpr": round(sum(c.tpr for c in per_category.values()) / n, 4),
        "fpr": round(sum(c.fpr for c in per_category.values()) / n, 4),
        "score": round(sum(c.score for c in per_category.values()) / n, 4),
    }


def format_table(title: str, per_category: Mapping[str, Counts]) -> str:
    lines = [title, f"  {'category':<16}{'TP':>4}{'FN':>4}{'TN':>4}{'FP':>4}{'TPR':>8}{'FPR':>8}{'score':>8}"]
    for cat, c in per_category.items():
        lines.append(f"  {cat:<16}{c.tp:>4}{c.fn:>4}{c.tn:>4}{c.fp:>4}{c.tpr:>8.2f}{c.fpr:>8.2f}{c.score:>8.2f}")
    avg = overall(per_category)
    lines.append(f"  {'average':<32}{avg['tpr']:>8.2f}{avg['fpr']:>8.2f}{avg['score']:>8.2f}")
    return "\n".join(lines)


# ---------------------------------------------------------------- running the tools


def _executable(name: str) -> str:
    local = Path(sys.executable).parent / name
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    import shutil

    found = shutil.which(name)
    if not found:
        raise BenchError(f"{name} is not installed (pip install {name})")
    return found


def _env() -> dict[str, str]:
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def run_code_stage(corpus: Path, workdir: Path) -> tuple[dict[str, Any], float]:
    """shiftleft's code stage on ``corpus``: its SARIF log and wall time. A scanner of the
    code stage not assessed is an error: its silence must never score as a true negative."""
    out = workdir / "report"
    argv = [sys.executable, "-m", "shiftleft", "scan", str(corpus), "--stage", "code", "--format", "sarif",
            "--output", str(out), "--no-history", "--quiet", "--no-color"]  # fmt: skip
    start = time.perf_counter()
    proc = subprocess.run(argv, env=_env(), capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1, 3):  # gate passed / failed / scan incomplete (checked below)
        tail = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        raise BenchError(f"shiftleft scan of {corpus} exited {proc.returncode}: {tail}")
    try:
        log = json.loads((out / "shiftleft.sarif").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BenchError(f"shiftleft wrote no readable SARIF for {corpus}: {exc}") from exc
    return log, seconds


def stage_notes(log: Mapping[str, Any], corpus: Path) -> list[str]:
    """What the code stage's SAST scanners did, from the log's scanner list. A scanner that
    failed, was missing, timed out, was disabled or left files unassessed raises BenchError
    (its silence would score as true negatives); one that was not applicable (the language has
    no bundled rules yet) is scored as having found nothing, and said so."""
    scanners = ((log.get("properties") or {}).get("shiftleft") or {}).get("scanners") or []
    by_name = {str(s.get("name")): s for s in scanners if isinstance(s, dict)}
    notes = []
    for name in SAST_SCANNERS:
        if name == "bandit" and corpus.name != "python":
            continue  # bandit reads Python only
        entry = by_name.get(name)
        if entry is None:
            raise BenchError(f"{name} is not in the scanner list of the code stage on {corpus}")
        status, reason = entry.get("status"), entry.get("reason") or "no reason given"
        if status == "not-applicable":
            if name == "bandit":
                raise BenchError(f"bandit was not applicable to the Python corpus {corpus}: {reason}")
            notes.append(f"{name} not applicable: {reason}")
        elif status != "ok":
            raise BenchError(f"{name} {status} on {corpus}: {reason}")
        elif entry.get("not_assessed"):
            raise BenchError(f"{name} could not assess {entry['not_assessed']} file(s) of {corpus}")
    return notes


def run_bandit(corpus: Path) -> dict[str, Any]:
    exe = _executable("bandit")
    proc = subprocess.run([exe, "-r", str(corpus), "-f", "json", "-q"], capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1):
        raise BenchError(f"bandit exited {proc.returncode} on {corpus}")
    try:
        report: dict[str, Any] = json.loads(proc.stdout)
    except ValueError as exc:
        raise BenchError(f"bandit wrote no readable JSON for {corpus}: {exc}") from exc
    if report.get("errors"):
        raise BenchError(f"bandit could not scan {len(report['errors'])} file(s) of {corpus}")
    return report


def pack_files(language: str) -> tuple[list[Path], str]:
    """The bundled semgrep rule files of ``language`` and a file suffix its rules analyse
    (no files when the pack has no such directory)."""
    sys.path.insert(0, str(ROOT))
    from shiftleft.scanners.semgrep_pack import PACK_LANGUAGES, bundled_rule_files

    if language not in PACK_LANGUAGES:
        return [], ""
    return bundled_rule_files([language]), PACK_LANGUAGES[language][0]


def _semgrep_seconds(configs: Sequence[Path], target: Path) -> float:
    exe = _executable("semgrep")
    argv = [exe, "scan", "--metrics=off", "--disable-version-check", "--quiet", "--no-git-ignore", "--jobs", "1",
            "--json", "--output", os.devnull]  # fmt: skip
    for cfg in configs:
        argv += ["--config", str(cfg)]
    start = time.perf_counter()
    proc = subprocess.run([*argv, str(target)], cwd=target if target.is_dir() else target.parent, env=_env(),
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)  # fmt: skip
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        tail = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        raise BenchError(f"semgrep exited {proc.returncode} timing {target.name}: {tail}")
    return seconds


#: semgrep's own start-up cost: one rule of a generic language on the same empty file
TRIVIAL_RULE = """rules:
  - id: sast-score-startup
    languages: [generic]
    severity: INFO
    message: start-up baseline
    pattern: sast-score-never-matches-this
"""


def pack_timing(language: str, corpus: Path, workdir: Path) -> dict[str, float | int | None]:
    """Wall seconds of semgrep with only the language's pack: on one empty file (load) and on the corpus."""
    configs, suffix = pack_files(language)
    if not configs:
        return {"rule_files": 0, "load_seconds": None, "scan_seconds": None}
    empty = workdir / "empty" / f"empty{suffix}"
    empty.parent.mkdir(parents=True, exist_ok=True)
    empty.write_text("")
    trivial = workdir / "trivial.yaml"
    trivial.write_text(TRIVIAL_RULE)
    from shiftleft.scanners.semgrep_pack import write_pack_json

    pack = workdir / "pack.json"  # as a scan gives semgrep the pack: one JSON rule file
    write_pack_json([language], pack)
    return {
        "rule_files": len(configs),
        "startup_seconds": round(_semgrep_seconds([trivial], empty.parent), 2),
        "load_seconds": round(_semgrep_seconds([pack], empty.parent), 2),
        "scan_seconds": round(_semgrep_seconds([pack], corpus), 2),
    }


def preflight(bandit: bool) -> None:
    """The tools are there before any corpus is scanned: one line, exit 2, when one is not."""
    _executable("semgrep")
    if bandit:
        _executable("bandit")
    proc = subprocess.run([sys.executable, "-m", "shiftleft", "--version"], env=_env(), capture_output=True,
                          text=True, check=False)  # fmt: skip
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["no message"])[-1]
        raise BenchError(f"shiftleft does not run with {sys.executable}: {tail}")


def corpora(root: Path, only: Sequence[str]) -> list[Path]:
    if not root.is_dir():
        raise BenchError(f"{root}: no such directory")
    found = sorted(p for p in root.iterdir() if p.is_dir() and (p / "expected.csv").is_file())
    if only:
        missing = sorted(set(only) - {p.name for p in found})
        if missing:
            raise BenchError(f"no corpus with an expected.csv for: {', '.join(missing)}")
        found = [p for p in found if p.name in only]
    if not found:
        raise BenchError(f"{root}: no language directory with an expected.csv")
    return found


def check_files(corpus: Path, cases: Sequence[Case]) -> None:
    """Every case has its file, and every file its case (a file without a label would be scored as nothing)."""
    stems = {p.stem for p in corpus.iterdir() if p.is_file() and p.name != "expected.csv" and p.suffix != ".md"}
    tests = {c.test for c in cases}
    if tests - stems:
        raise BenchError(f"{corpus}: {len(tests - stems)} test case(s) without a file, e.g. {min(tests - stems)}")
    if stems - tests:
        raise BenchError(f"{corpus}: {len(stems - tests)} file(s) not in expected.csv, e.g. {min(stems - tests)}")


def evaluate(corpus: Path, *, bandit: bool, timing: bool) -> dict[str, Any]:
    cases = read_expected(corpus / "expected.csv")
    check_files(corpus, cases)
    with tempfile.TemporaryDirectory(prefix="sast-score-") as tmp:
        work = Path(tmp)
        log, stage_seconds = run_code_stage(corpus, work)
        result: dict[str, Any] = {"language": corpus.name, "cases": len(cases), "notes": stage_notes(log, corpus)}
        tools: dict[str, dict[str, Counts]] = {
            "shiftleft": score(cases, sarif_flags(log)),
            # the same scan's semgrep results only: what the bundled pack adds on its own
            "semgrep-pack": score(cases, sarif_flags(log, tools=("semgrep",))),
        }
        if bandit and corpus.name == "python":
            tools["bandit"] = score(cases, bandit_flags(run_bandit(corpus)))
        result["tools"] = {
            name: {"categories": {k: v.as_dict() for k, v in per.items()}, "overall": overall(per)}
            for name, per in tools.items()
        }
        result["_tables"] = tools
        timings: dict[str, Any] = {"code_stage_seconds": round(stage_seconds, 2)}
        for run in log.get("runs") or []:
            meta = (run.get("properties") or {}).get("shiftleft") or {}
            if meta.get("scanner") == "semgrep":
                timings["semgrep_in_stage_seconds"] = meta.get("seconds")
        if timing:
            timings.update(pack_timing(corpus.name, corpus, work))
        result["timing"] = timings
    return result


def timing_line(t: Mapping[str, Any]) -> str:
    parts = []
    if t.get("rule_files"):
        parts.append(f"semgrep start-up {t['startup_seconds']:.2f} s")
        parts.append(f"the pack ({t['rule_files']} rule files as one JSON config) on an empty file "
                     f"{t['load_seconds']:.2f} s, on the corpus {t['scan_seconds']:.2f} s")  # fmt: skip
    elif "rule_files" in t:
        parts.append("no bundled semgrep rules for this language")
    inside = t.get("semgrep_in_stage_seconds")
    parts.append(f"code stage {t['code_stage_seconds']:.2f} s" + (f" (semgrep {inside} s of it)" if inside else ""))
    return "; ".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=DEFAULT_CORPORA, help="directory of the language corpora")
    parser.add_argument("--lang", action="append", default=[], help="score only this corpus; repeatable")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--no-bandit", action="store_true", help="skip the bandit-alone comparison")
    parser.add_argument("--no-timing", action="store_true", help="skip the pack load/scan timing runs")
    args = parser.parse_args(argv)
    try:
        found = corpora(args.root, args.lang)
        preflight(bandit=not args.no_bandit and any(c.name == "python" for c in found))
        results = [evaluate(c, bandit=not args.no_bandit, timing=not args.no_timing) for c in found]
    except BenchError as exc:
        print(f"sast_score: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([{k: v for k, v in r.items() if not k.startswith("_")} for r in results], indent=2))
        return 0
    for r in results:
        for name, per in r["_tables"].items():
            print(format_table(f"{r['language']} ({r['cases']} cases): {name}", per))
            print()
        for note in r["notes"]:
            print(f"  note {r['language']}: {note}")
        print(f"  timing {r['language']}: {timing_line(r['timing'])}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
