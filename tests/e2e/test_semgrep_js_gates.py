"""The file gates of the JavaScript pack (a whole-file ``pattern-regex`` ``(?s)\\A.*X.*`` that
semgrep turns into a prefilter, so that a rule runs only on files whose text can hold what it
needs) keep detection: each case below is a file of its own holding only one true positive or
one look-alike, scanned with the whole JS pack, so the gate is what decides whether the rule
runs there (in the pack's own test files every gate passes, the file holding every case)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from shiftleft.process import find_executable, tool_env
from shiftleft.resources import semgrep_rules_dir
from tests.conftest import require

pytestmark = pytest.mark.e2e

PACK = semgrep_rules_dir() / "javascript"

# (file name, rule short id, found?, the file's whole text)
CASES: list[tuple[str, str, bool, str]] = [
    # insecure-websocket: gate on `ws://`
    ("ws_plain.js", "insecure-websocket", True, 'const s = new WebSocket("ws://feed.example.com/live");\n'),
    ("ws_template.js", "insecure-websocket", True, "const s = new ws.WebSocket(`ws://${host}/live`);\n"),
    ("ws_tls.js", "insecure-websocket", False, 'const s = new WebSocket("wss://feed.example.com/live");\n'),
    ("ws_local.js", "insecure-websocket", False, 'const s = new WebSocket("ws://localhost:8080/");\n'),
    # hardcoded-secret: gate on a credential-like name, any case
    ("secret_var.js", "hardcoded-secret", True, 'const dbPassword = "Zx9kq2Lm0pQw";\n'),
    ("secret_upper.ts", "hardcoded-secret", True, 'export const API_KEY = "k7Hq2Lm0pQwZx9";\n'),
    ("secret_field.js", "hardcoded-secret", True, 'config.clientSecret = "Qw8Zx9kq2Lm0";\n'),
    ("secret_key.js", "hardcoded-secret", True, 'module.exports = { private_key: "Lm0pQwZx9kq2" };\n'),
    ("secret_label.js", "hardcoded-secret", False, 'const passwordLabel = "Enter your password";\n'),
    ("secret_none.js", "hardcoded-secret", False, 'const greeting = "Zx9kq2Lm0pQw";\n'),
    (
        "sql_concat.js",
        "sql-string-building",
        True,
        'function f(db, id) {\n  return db.query("SELECT * FROM t WHERE id = " + id);\n}\n',
    ),
    (
        "sql_lower_template.js",
        "sql-string-building",
        True,
        "async function f(pool, id) {\n  await pool.query(`delete from t where id = ${id}`);\n}\n",
    ),
    (
        "sql_prisma.ts",
        "sql-string-building",
        True,
        "export async function f(client: any, n: string) {\n"
        '  return client.$queryRawUnsafe("SELECT * FROM t WHERE n = \'" + n + "\'");\n}\n',
    ),
    (
        "sql_via_var.js",
        "sql-string-building",
        True,
        'function f(conn, col) {\n  const q = "SELECT " + col + " FROM t";\n  return conn.execute(q);\n}\n',
    ),
    (
        "sql_constant.js",
        "sql-string-building",
        False,
        'function f(db) {\n  return db.query("SELECT id FROM t " + "WHERE a = 1");\n}\n',
    ),
    ("sql_not_sql.js", "sql-string-building", False, 'function f(db, id) {\n  return db.query("/users/" + id);\n}\n'),
    (
        "merge_for_in.js",
        "prototype-pollution-merge",
        True,
        "function merge(t, s) {\n  for (const k in s) {\n    merge(t[k], s[k]);\n  }\n}\n",
    ),
    (
        "merge_keys.js",
        "prototype-pollution-merge",
        True,
        "function merge(t, s) {\n  Object.keys(s).forEach((k) => {\n"
        "    t[k] = merge(t[k], s[k]);\n  });\n  return t;\n}\n",
    ),
    (
        "merge_of_keys.js",
        "prototype-pollution-merge",
        True,
        "function merge(t, s) {\n  for (const k of Object.keys(s)) {\n    merge(t[k], s[k]);\n  }\n}\n",
    ),
    (
        "merge_guarded.js",
        "prototype-pollution-merge",
        False,
        "function merge(t, s) {\n  for (const k in s) {\n    if (k === '__proto__') continue;\n"
        "    merge(t[k], s[k]);\n  }\n}\n",
    ),
    (
        "react_hash.jsx",
        "react-user-controlled-url",
        True,
        "export function L() {\n  const u = location.hash.slice(1);\n  return <a href={u}>go</a>;\n}\n",
    ),
    (
        "react_router.tsx",
        "react-user-controlled-url",
        True,
        "export function L() {\n  const next = useRouter().query.next;\n  return <iframe src={next} />;\n}\n",
    ),
    (
        "react_fixed.jsx",
        "react-user-controlled-url",
        False,
        "export function L() {\n  const u = location.hash.slice(1);\n  return <a href={'/home#' + u}>go</a>;\n}\n",
    ),
    # the DOM sources' gate (dom-xss, dom-code-injection, dom-open-redirect)
    ("dom_hash.js", "dom-xss", True, "const q = location.hash.slice(1);\nel.innerHTML = q;\n"),
    ("dom_referrer.js", "dom-xss", True, "document.write(document.referrer);\n"),
    ("dom_name.js", "dom-code-injection", True, "eval(window.name);\n"),
    (
        "dom_search.js",
        "dom-open-redirect",
        True,
        "const p = new URLSearchParams(window.location.search);\nwindow.location.href = p.get('next');\n",
    ),
    ("dom_fixed.js", "dom-xss", False, "el.innerHTML = '<b>' + 'x' + '</b>';\n"),
    (
        "express_call.js",
        "express-helmet-missing",
        True,
        "const express = require('express');\nconst app = express();\napp.listen(3000);\n",
    ),
    ("express_required.js", "express-helmet-missing", True, "const app = require('express')();\napp.listen(3000);\n"),
    (
        "express_helmet.js",
        "express-helmet-missing",
        False,
        "const express = require('express');\nconst helmet = require('helmet');\n"
        "const app = express();\napp.use(helmet());\n",
    ),
    # semgrep matches `location.hash` in `(location as any).hash` and `t[k]` in `t[k] as any`
    ("dom_cast.ts", "dom-xss", True, "const q = (location as any).hash;\nel.innerHTML = q;\n"),
    ("dom_window_cast.ts", "dom-code-injection", True, "eval((window as any).name);\n"),
    (
        "react_cast.tsx",
        "react-user-controlled-url",
        True,
        "export function L() {\n  const u = (location as any).hash;\n  return <a href={u}>go</a>;\n}\n",
    ),
    (
        "merge_cast.ts",
        "prototype-pollution-merge",
        True,
        "function merge(t: any, s: any) {\n  for (const k in s) {\n    merge(t[k] as any, s[k]);\n  }\n}\n",
    ),
    # the request sources' gate (every request taint rule): the receiver, then its member
    (
        "req_cast.ts",
        "command-injection",
        True,
        "import { exec } from 'child_process';\n"
        "app.get('/x', (req, res) => {\n  exec('ls ' + (req as any).query.dir);\n});\n",
    ),
    (
        "req_plain.js",
        "command-injection",
        True,
        "const { exec } = require('child_process');\n"
        "app.get('/x', (req, res) => {\n  exec('ls ' + req.query.dir);\n});\n",
    ),
    (
        "req_not_request.js",
        "command-injection",
        False,
        "const { exec } = require('child_process');\nconst rows = db.query(sql);\nexec('ls ' + rows.dir);\n",
    ),
    # eval: gate on the callee as a whole name
    ("eval_call.js", "eval", True, "function run(code) {\n  return eval(code);\n}\n"),
    ("eval_function.js", "eval", True, "const f = new Function('a', body);\n"),
    ("eval_timer.js", "eval", True, "setTimeout(`tick(${n})`, 10);\n"),
    ("eval_evaluate.js", "eval", False, "const r = evaluate(code);\nconst ok = isFunction(code);\n"),
]


def test_gated_rules_keep_their_true_positives_in_files_of_their_own(tmp_path: Path) -> None:
    exe = find_executable("semgrep")
    require(exe is not None, "semgrep is not installed")
    assert exe is not None
    for name, _rule, _found, text in CASES:
        (tmp_path / name).write_text(text, encoding="utf-8")
    argv = [exe, "scan", "--metrics=off", "--json", "--quiet", "--no-git-ignore", "--disable-nosem"]
    for config in sorted(PACK.glob("*.yaml")):
        argv += ["--config", str(config)]
    proc = subprocess.run([*argv, str(tmp_path)], capture_output=True, text=True, env=tool_env(),
                          timeout=600, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert not report["errors"], report["errors"]
    found = {(Path(r["path"]).name, r["check_id"].rsplit(".", 1)[-1]) for r in report["results"]}
    wrong = [(name, rule, want) for name, rule, want, _text in CASES if ((name, rule) in found) != want]
    assert wrong == [], wrong


def _gates() -> list[tuple[str, str]]:
    """(rule id, regex) of every whole-file gate in the JS pack, sources and sinks included."""
    out = []

    def walk(rule_id: str, node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern-regex" and isinstance(value, str) and r"\A" in value:
                    out.append((rule_id, value))
                walk(rule_id, value)
        elif isinstance(node, list):
            for item in node:
                walk(rule_id, item)

    for path in sorted(PACK.glob("*.yaml")):
        for rule in yaml.safe_load(path.read_text("utf-8"))["rules"]:
            walk(rule["id"], rule)
    return out


def test_file_gates_match_the_whole_file_so_they_keep_every_match_range() -> None:
    """A gate must match from the file's start to its end whenever it matches at all: semgrep
    keeps an AST match inside a regex match with the AST match's range and bindings; a gate
    matching only a part of the file would drop or shrink the matches outside that part."""
    gates = _gates()
    assert {g[0].rsplit(".", 1)[-1] for g in gates} >= {case[1] for case in CASES}
    text = "a\nreq.query event.body location.hash window.name ws:// password express eval(\n"
    text += "for (k in s) db.query SELECT href={x}\nz\n"
    for rule_id, regex in gates:
        assert re.match(r"\(\?i?s\)\\A", regex) and regex.endswith(".*"), rule_id
        match = re.search(regex, text)
        assert match is not None and match.span() == (0, len(text)), rule_id
