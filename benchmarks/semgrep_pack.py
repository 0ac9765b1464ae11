"""semgrep rule-pack cost (issue 14 budgets): raw semgrep with the bundled pack on the file
list a shiftleft scan gives it, with ``--time``, and where the time goes.

The file list is the one ``shiftleft.scanners.semgrep`` builds (the safe file list, the
suffixes the pack covers, less ``.semgrepignore`` / semgrep's default ignores / minified
files). Prints the wall time, the peak RSS of semgrep's process tree (sampled from /proc),
the files semgrep reported errors for (timeouts: those are "not assessed" in a scan), then
the rules and files that took longest (semgrep's own ``--time`` figures: match + taint time
per rule summed over files; per file its run time).

    python benchmarks/semgrep_pack.py DIR [--rules-dir DIR] [--jobs 1] [--timeout 30]
        [--top 25] [--json-out FILE]

``--rules-dir`` points at another pack (e.g. ``git archive <rev> shiftleft/rules`` unpacked)
to compare it on the same files. The pack is given to semgrep as a scan gives it (one JSON
rule file); ``--per-file-configs`` gives each YAML file as its own ``--config`` instead.
Run one at a time: the machine is shared; compare runs made
side by side (the CPU figure moves less with the load than the wall figure).

``--prefilter`` scans nothing: it asks semgrep-core for each rule's prefilter and counts the
files it lets through. What was learnt with it (semgrep 1.182), for whoever writes rules:

- a taint rule costs about the same on a file whether or not a source matches there (~0.3-1 s
  per rule on a 140 KB compiled module): what matters is on how many files it runs at all;
- a file is skipped when its text lacks what the rule's *sources* AND its *sinks* need: the
  identifiers of the patterns, found as plain substrings (``req`` is found in ``require``), and
  the last simple ``metavariable-regex`` (a plain alternation; anchors are dropped; ``(?i)``,
  word-boundary or word-class escapes, or a lookaround leave the rule without that part of its prefilter);
- one alternative without any such text (``$X[$K] = $V``, a ``def`` with only metavariables)
  makes its whole side pass every file;
- a ``pattern-regex`` beside an AST pattern in ``patterns`` is used by the prefilter and keeps
  the AST match that contains its text, with its bindings only when both cover the same text
  (so it can gate ``req.query``, not a focused parameter or a value under a header name);
- a ``metavariable-regex`` gates only a metavariable in a name position (``$X.$ATTR``,
  ``$FN(...)``): not the base of a subscript (``$RESP[$NAME] = ...``) nor a string literal,
  and string literals of a pattern are never used, so a sink written only with them
  (``$RESP["Location"] = $URL``, ``{"$where": $JS}``) passes every file.
- a file no rule's prefilter lets through is not parsed at all; one rule without a prefilter
  makes every file of its languages parsed (~0.6 s for a 130 KB module) and matched;
- the general gate: a ``pattern-regex: (?s)\\A.*X.*`` matches the whole file when it holds X,
  so every AST match lies inside it and keeps its own range and bindings (and ``focus``):
  a rule, a taint source or a sink gets a prefilter from any text it implies. It scans a file
  in linear time (tested up to semgrep's 1 MB target limit). tests/e2e/test_semgrep_js_gates.py
  holds the JS pack's gates to that shape and to their true positives.

Start-up (one 15 KB Django file, the Python pack, CPU seconds, semgrep 1.182): semgrep with
one trivial rule 3.4 s (pysemgrep's imports are most of it, ours cannot shorten them); the
pack as five YAML ``--config`` files 6.5 s (pysemgrep parses each with a slow YAML parser,
validates each through its own semgrep-core RPC process), as one JSON file 4.3 s (what a scan
does now); ``pysemgrep`` run directly instead of the ``semgrep`` launcher 3.9 s (a scan does
that too, until it moved on). ``semgrep scan --experimental`` (the OCaml CLI, no Python)
takes 0.6 s with the same JSON file and the same findings; in 1.182 it ignores
``--sarif-output`` / ``--json-output`` (one format, on stdout) and rejects the YAML files'
``x-`` keys. A scan now runs it with the JSON file and ``--json``, and builds the SARIF
itself (``scanners/semgrep_sarif.py``). ``--x-group-taint-rules`` fails on this pack (an
error, no results).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import run_sampled


def file_list(root: Path) -> tuple[list[str], int]:
    """The files a scan gives semgrep (relative), and how many the ignores skipped."""
    from shiftleft import target
    from shiftleft.scanners import semgrep, semgrep_ignore

    tgt = target.collect(root)
    rel, _ = semgrep.target_files(list(tgt.files_with_suffix(*semgrep.SEMGREP_LANG_SUFFIXES)), False)
    kept, skipped, _notes = semgrep_ignore.apply(tgt, rel)
    return kept, len(skipped)


def rule_configs(rules_dir: Path | None, files: list[str], tmp: Path, per_file: bool = False) -> list[Path]:
    """The rule files of the languages of ``files``: as a scan gives them to semgrep (one
    JSON file, ``semgrep_pack.write_pack_json``), or with ``per_file`` each YAML file as its
    own ``--config`` (how scans did before)."""
    import yaml

    from shiftleft.scanners.semgrep_pack import bundled_rule_files, languages_for, write_pack_json

    langs = languages_for(files)
    if rules_dir is None:
        if per_file:
            return bundled_rule_files(langs)
        write_pack_json(langs, tmp / "pack.json")
        return [tmp / "pack.json"]
    yamls = sorted(p for lang in langs for p in (rules_dir / lang).glob("*.yaml"))
    if per_file:
        return yamls
    rules = [r for p in yamls for r in (yaml.safe_load(p.read_text("utf-8")) or {}).get("rules") or []]
    (tmp / "pack.json").write_text(json.dumps({"rules": rules}), encoding="utf-8")
    return [tmp / "pack.json"]


def run(
    root: Path, configs: list[Path], files: list[str], jobs: int, timeout: int, out: Path
) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system of semgrep's process tree: less sensitive to
    the machine's load than the wall time) and peak RSS bytes of one semgrep run."""
    import resource

    argv = ["semgrep", "scan", "--metrics=off", "--disable-version-check", "--quiet", "--no-git-ignore",
            "--disable-nosem", "--time", "--json", f"--json-output={out}", "--timeout", str(timeout),
            "--jobs", str(jobs)]  # fmt: skip
    for cfg in configs:
        argv += ["--config", str(cfg.resolve())]
    argv += ["--", *files]
    env = {**os.environ, "SEMGREP_ENABLE_VERSION_CHECK": "0", "SEMGREP_SEND_METRICS": "off"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, peak, _pss = run_sampled(argv, cwd=root, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return seconds, cpu, peak


def _short_id(rule_id: str) -> str:
    """``tmp.x.rules.semgrep.python.shiftleft.python.name`` -> ``shiftleft.python.name``."""
    _head, sep, tail = rule_id.rpartition("shiftleft.")
    return sep + tail if sep else rule_id


def summarise(report: dict, top: int) -> None:
    timing = report.get("time") or {}
    rules = [_short_id(str(r.get("id", "?") if isinstance(r, dict) else r)) for r in timing.get("rules") or []]
    per_rule: dict[str, float] = defaultdict(float)
    per_file: list[tuple[float, int, str]] = []
    for tgt in timing.get("targets") or []:
        for index, seconds in enumerate(tgt.get("match_times") or []):
            if index < len(rules):
                per_rule[rules[index]] += max(0.0, seconds)
        per_file.append((float(tgt.get("run_time") or 0.0), int(tgt.get("num_bytes") or 0), str(tgt.get("path"))))
    errors = report.get("errors") or []
    kinds: dict[str, int] = defaultdict(int)
    for err in errors:
        kind = err.get("type")
        kinds[str(kind[0] if isinstance(kind, list) else kind)] += 1
    print(f"  rules {len(rules)}  results {len(report.get('results') or [])}  errors {dict(kinds) or 0}")
    prof = timing.get("profiling_times") or {}
    pre = timing.get("prefiltering") or {}
    print(f"  semgrep config {prof.get('config_time', 0):.1f} s  core {prof.get('core_time', 0):.1f} s  "
          f"(parsing {(timing.get('parsing_time') or {}).get('total_time', 0):.1f} s, "
          f"matching {(timing.get('matching_time') or {}).get('total_time', 0):.1f} s, "
          f"tainting {(timing.get('tainting_time') or {}).get('total_time', 0):.1f} s)  "
          f"semgrep-core max memory {int(timing.get('max_memory_bytes') or 0) / 2**20:.0f} MB")
    print(f"  prefilter: rules with a file prefilter {pre.get('rules_with_file_prefilters_ratio', 0):.0%}, "
          f"rule x file pairs run {pre.get('rules_selected_ratio', 0):.0%}")
    print(f"  top {top} rules by match+taint time (summed over files):")
    for rule, seconds in sorted(per_rule.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {seconds:8.2f} s  {rule}")
    print(f"  top {top} files by run time:")
    for seconds, size, path in sorted(per_file, reverse=True)[:top]:
        print(f"    {seconds:8.2f} s  {size / 1024:8.0f} KiB  {path}")


def semgrep_core() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("semgrep")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("semgrep is not importable from this Python")
    return Path(next(iter(spec.submodule_search_locations))) / "bin" / "semgrep-core"


def prefilters(configs: list[Path]) -> dict[str, object]:
    """Each rule's file prefilter as semgrep-core computes it (``-prefilter_of_rules``): a
    formula of identifiers and regexes a file's text must contain for the rule to run on it
    at all; ``None`` when the rule has none (it runs on every file of its languages)."""
    import yaml

    found: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for cfg in configs:
            rules = (yaml.safe_load(cfg.read_text("utf-8")) or {}).get("rules") or []
            path = Path(tmp) / (cfg.stem + ".json")
            path.write_text(json.dumps({"rules": rules}))
            out = subprocess.run([str(semgrep_core()), "-prefilter_of_rules", str(path)], capture_output=True,
                                 text=True, check=True).stdout  # fmt: skip
            for entry in json.loads(out or "[]"):
                flt = entry.get("filter")
                found[_short_id(entry["rule_id"])] = None if flt == "None" else flt[1]
    return found


def _holds(formula: object, text: str, cache: dict[str, bool]) -> bool:
    """Whether ``text`` passes a prefilter formula. Identifiers are looked for as substrings,
    as semgrep does (``req`` is found in ``require``)."""
    import re

    if formula is None:
        return True
    assert isinstance(formula, list)
    op, arg = formula[0], formula[1]
    if op == "And":
        return all(_holds(f, text, cache) for f in arg)
    if op == "Or":
        return any(_holds(f, text, cache) for f in arg)
    kind, value = arg[0], arg[1]
    key = f"{kind}:{value}"
    if key not in cache:
        if kind == "Idents":
            cache[key] = all(ident in text for ident in value)
        else:
            cache[key] = re.search(value, text) is not None
    return cache[key]


def prefilter_table(root: Path, configs: list[Path], files: list[str], top: int) -> None:
    """Per rule: how many of ``files`` (of the rule's languages) its prefilter lets through."""
    import yaml

    langs: dict[str, set[str]] = {}
    for cfg in configs:
        for rule in (yaml.safe_load(cfg.read_text("utf-8")) or {}).get("rules") or []:
            langs[rule["id"]] = set(rule.get("languages") or [])
    suffix = {"python": (".py", ".pyi"), "javascript": (".js", ".jsx", ".mjs", ".cjs"),
              "typescript": (".ts", ".tsx", ".mts", ".cts"), "java": (".java",), "go": (".go",)}  # fmt: skip
    texts = {f: (root / f).read_text("utf-8", errors="replace") for f in files}
    rows = []
    for rule_id, formula in prefilters(configs).items():
        sufs = tuple(s for lang in langs.get(rule_id, ()) for s in suffix.get(lang, ()))
        mine = [f for f in files if f.lower().endswith(sufs)]
        caches: dict[str, dict[str, bool]] = {}
        passed = sum(_holds(formula, texts[f], caches.setdefault(f, {})) for f in mine)
        rows.append((passed, len(mine), rule_id, formula is None))
    print(f"  prefilter: files each rule runs on (of the files of its languages), top {top}:")
    for passed, total, rule_id, none in sorted(rows, reverse=True)[:top]:
        print(f"    {passed:5d} / {total:5d}  {rule_id}{'  (no prefilter)' if none else ''}")
    print(f"  rule x file pairs run: {sum(r[0] for r in rows)} of {sum(r[1] for r in rows)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--rules-dir", type=Path)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=30)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--from-json", type=Path, help="only summarise the report of an earlier run")
    parser.add_argument("--per-file-configs", action="store_true",
                        help="one --config per YAML rule file (how scans gave semgrep the pack before)")
    parser.add_argument("--prefilter", action="store_true",
                        help="only print how many files each rule's prefilter lets through (no scan)")
    args = parser.parse_args()
    if args.from_json:
        summarise(json.loads(args.from_json.read_text("utf-8")), args.top)
        return
    root = args.root.resolve()
    files, skipped = file_list(root)
    with tempfile.TemporaryDirectory() as tmp:
        configs = rule_configs(args.rules_dir, files, Path(tmp), args.per_file_configs)
        if args.prefilter:
            print(f"{root.name}: {len(files)} files")
            prefilter_table(root, configs, files, args.top)
            return
        out = args.json_out or Path(tmp) / "semgrep.json"
        seconds, cpu, peak = run(root, configs, files, args.jobs, args.timeout, out)
        report = json.loads(out.read_text("utf-8"))
    print(f"{root.name}: {len(files)} files ({skipped} skipped by the ignores), {len(configs)} rule files, "
          f"--jobs {args.jobs}")  # fmt: skip
    print(f"  semgrep wall {seconds:.1f} s   cpu {cpu:.1f} s   peak RSS {peak / 2**20:.0f} MB")
    summarise(report, args.top)


if __name__ == "__main__":
    main()
