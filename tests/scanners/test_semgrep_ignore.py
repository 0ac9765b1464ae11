"""The ignore rules shiftleft applies before giving semgrep its file list: the project's
.semgrepignore (gitignore syntax, :include inside the tree only, bounded), semgrep's
default ignores when there is none, minified JavaScript; every file left out is listed."""

from __future__ import annotations

from pathlib import Path

from shiftleft.scanners import semgrep_ignore
from shiftleft.scanners.semgrep_ignore import apply
from tests.helpers import target_for


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _run(root: Path, files: list[str] | None = None) -> tuple[list[str], dict[str, str], list[str]]:
    target = target_for(root)
    candidates = files if files is not None else [f for f in target.files if f.endswith((".py", ".js"))]
    kept, skipped, notes = apply(target, candidates)
    return kept, {s.path: s.reason for s in skipped}, notes


def test_defaults_without_a_semgrepignore(tmp_path: Path) -> None:
    _tree(tmp_path, {"app.py": "x", "tests/test_app.py": "x", "pkg/test/t.py": "x", "vendor/v.py": "x",
                     "dist/d.js": "x", "web/app.min.js": "x", "src/tests.py": "x", "build.py": "x"})  # fmt: skip
    kept, skipped, notes = _run(tmp_path)
    assert kept == ["app.py", "build.py", "src/tests.py"]
    assert set(skipped) == {"tests/test_app.py", "pkg/test/t.py", "vendor/v.py", "dist/d.js", "web/app.min.js"}
    assert skipped["vendor/v.py"] == "ignored by semgrep's default ignores ('vendor')"
    assert notes == []


def test_a_project_semgrepignore_replaces_the_defaults(tmp_path: Path) -> None:
    """gitignore syntax: anchored with a slash, any depth without, dir-only with a trailing
    slash, ``!`` keeps a file again, ``**``; the defaults no longer apply (tests/ is scanned)."""
    _tree(tmp_path, {
        ".semgrepignore": "# comment\n/gen/\ndocs\n*.pb.py\n!keep.pb.py\nlib/**/fixtures/\nbuild\n",
        "tests/t.py": "x", "gen/a.py": "x", "src/gen/b.py": "x", "docs/c.py": "x", "src/docs/d.py": "x",
        "m.pb.py": "x", "keep.pb.py": "x", "lib/a/b/fixtures/f.py": "x", "lib/fixtures.py": "x", "build": "x",
    })  # fmt: skip
    kept, skipped, _ = _run(tmp_path)
    assert kept == ["keep.pb.py", "lib/fixtures.py", "src/gen/b.py", "tests/t.py"]
    assert set(skipped) == {"gen/a.py", "docs/c.py", "src/docs/d.py", "m.pb.py", "lib/a/b/fixtures/f.py"}
    assert skipped["m.pb.py"] == "ignored by .semgrepignore pattern '*.pb.py'"


def test_semgrepignore_can_only_narrow(tmp_path: Path) -> None:
    """A pattern never adds a file: ``!`` of a file not on the list, of an excluded one, adds nothing."""
    _tree(tmp_path, {".semgrepignore": "!secret/*.py\n!*\n", "app.py": "x", "secret/s.py": "x"})
    kept, skipped, _ = _run(tmp_path, ["app.py"])
    assert kept == ["app.py"] and skipped == {}


def test_include_reads_only_files_of_the_tree(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    _tree(root, {".semgrepignore": ":include ../../etc/passwd\n:include /etc/passwd\n:include more.ignore\n"
                 ":include link.ignore\n", "more.ignore": "gen/\n:include .semgrepignore\n",
                 "gen/a.py": "x", "app.py": "x"})  # fmt: skip
    (tmp_path / "outside.ignore").write_text("*.py\n")
    (root / "link.ignore").symlink_to(tmp_path / "outside.ignore")
    target = target_for(root, [f for f in ("app.py", "gen/a.py", ".semgrepignore", "more.ignore")])
    kept, skipped, notes = apply(target, ["app.py", "gen/a.py"])
    assert kept == ["app.py"] and [s.path for s in skipped] == ["gen/a.py"]
    assert sum("not a file of the scanned tree" in n for n in notes) == 3  # ../.., /etc, the link
    assert any("included twice" in n for n in notes)


def test_huge_and_pathological_semgrepignores_are_bounded(tmp_path: Path, monkeypatch) -> None:
    # a pattern that makes a regex translation backtrack exponentially, on a long name
    patterns = "".join("*a" * (40 + i) + "c.py\n" for i in range(50)) + "**/" * 100 + "x\n"
    names = [f"{i}/{'a' * 39}c.py" for i in range(50)]  # one "a" short of every pattern
    _tree(tmp_path, {".semgrepignore": patterns, **dict.fromkeys(names, "x")})
    kept, skipped, notes = _run(tmp_path)  # linear-time matching, and a budget for the whole target
    assert len(kept) == 50 and not skipped
    assert notes and "took too long to match" in notes[0]
    # too many patterns: the first ones are honoured, the rest is not, with a note
    _tree(tmp_path, {".semgrepignore": "".join(f"n{i}.py\n" for i in range(2000)) + "app.py\n", "app.py": "x"})
    kept, skipped, notes = _run(tmp_path, ["app.py", "n1.py"])
    assert kept == ["app.py"] and list(skipped) == ["n1.py"]
    assert notes == [f".semgrepignore: only the first {semgrep_ignore.MAX_PATTERNS} patterns are honoured"]
    # larger than the bound: not honoured at all (semgrep reads more, never less)
    (tmp_path / ".semgrepignore").write_text("*\n" + "#" * (semgrep_ignore.MAX_IGNORE_BYTES + 1))
    kept, skipped, notes = _run(tmp_path, ["app.py"])
    assert kept == ["app.py"] and not skipped
    assert notes and notes[0].startswith(".semgrepignore not honoured")


def test_minified_javascript_is_skipped_and_listed(tmp_path: Path) -> None:
    line = "var a=1;" * 1000  # one 8 KB line
    _tree(tmp_path, {".semgrepignore": "", "lib/jquery.js": line + "\n", "app.js": "const a = 1;\n" * 500,
                     "x.min.js": "a", "long.py": line})  # fmt: skip
    kept, skipped, _ = _run(tmp_path)
    assert kept == ["app.js", "long.py"]
    assert set(skipped) == {"lib/jquery.js", "x.min.js"} and "minified" in skipped["lib/jquery.js"]


def test_typescript_declaration_files_are_skipped_and_listed(tmp_path: Path) -> None:
    """Declarations hold types only: semgrep is not given them (they were ~40% of its time on
    an npm package), and each is listed with its reason, never dropped silently."""
    _tree(tmp_path, {".semgrepignore": "", "index.d.ts": "export declare function f(a: string): void;\n",
                     "src/types.D.MTS": "export type A = string;\n", "lib/x.d.cts": "export {};\n",
                     "app.ts": "export const a = 1;\n", "d.ts.js": "const a = 1;\n",
                     "ad.ts": "let a = 1;\n"})  # fmt: skip
    files = ["index.d.ts", "src/types.D.MTS", "lib/x.d.cts", "app.ts", "d.ts.js", "ad.ts"]
    kept, skipped, _ = _run(tmp_path, files)
    assert kept == ["app.ts", "d.ts.js", "ad.ts"]
    assert set(skipped) == {"index.d.ts", "src/types.D.MTS", "lib/x.d.cts"}
    assert all("declaration" in why for why in skipped.values())
    # configured rule files of its own may be written for declarations: then they are kept
    kept, skipped, _ = apply(target_for(tmp_path), files, skip_declarations=False)
    assert kept == files and not skipped
