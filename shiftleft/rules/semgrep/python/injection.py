# Test cases for injection.yaml (semgrep --test). Not executed.
import asyncio
import importlib
import logging
import os
import re
import shlex
import sqlite3
import subprocess

import flask
import ldap
import ldap.filter
import pandas
import sqlalchemy
from django.db import connection
from django.db.models.expressions import RawSQL
from fastapi import APIRouter, Depends, FastAPI, Query
from flask import Flask, request
from lxml import etree
from sqlalchemy import text

app = Flask(__name__)
api = FastAPI()
router = APIRouter()
log = logging.getLogger(__name__)
SORT_COLUMNS = {"name": "name", "age": "age"}


# ---- SQL -------------------------------------------------------------------------------------
@app.route("/users")
def users():
    name = request.args.get("name")
    cur = sqlite3.connect("x.db").cursor()
    # ruleid: shiftleft.python.sql-injection-request-data
    cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
    query = "SELECT * FROM users WHERE name = '{}'".format(name)
    # ruleid: shiftleft.python.sql-injection-request-data
    cur.execute(query)
    # ruleid: shiftleft.python.sql-injection-request-data
    cur.executemany(f"INSERT INTO log VALUES ('{name}', ?)", [(1,), (2,)])
    # ok: shiftleft.python.sql-injection-request-data
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    # ok: shiftleft.python.sql-injection-request-data
    cur.execute("SELECT * FROM users WHERE id = %d" % int(request.args["id"]))
    order = SORT_COLUMNS[request.args.get("sort", "name")]
    # ok: shiftleft.python.sql-injection-request-data
    cur.execute("SELECT * FROM users ORDER BY " + order)
    # ok: shiftleft.python.sql-injection-request-data
    cur.execute("SELECT * FROM users")
    filters = {"n": request.form["n"]}
    # ruleid: shiftleft.python.sql-injection-request-data
    pandas.read_sql("SELECT * FROM t WHERE n = '%s'" % filters["n"], cur.connection)
    return "ok"


@api.get("/items/{item_id}")
async def read_item(item_id: str, limit: int = 10, q: str = Query(None), db=Depends(get_db)):
    cur = connection.cursor()
    # ruleid: shiftleft.python.sql-injection-request-data
    cur.execute("SELECT * FROM items WHERE id = '%s'" % item_id)
    # ok: shiftleft.python.sql-injection-request-data
    cur.execute("SELECT * FROM items LIMIT %s" % limit)
    # ruleid: shiftleft.python.sql-injection-request-data
    cur.execute("SELECT * FROM items WHERE q LIKE '%" + q + "%'")
    # ok: shiftleft.python.sql-injection-request-data
    db.execute("SELECT * FROM items WHERE id = %s", [item_id])
    # ruleid: shiftleft.python.sqlalchemy-text-request-data
    rows = db.execute(text(f"SELECT * FROM items WHERE name = '{q}'"))
    # ok: shiftleft.python.sqlalchemy-text-request-data
    rows = db.execute(text("SELECT * FROM items WHERE name = :q"), {"q": q})
    # ruleid: shiftleft.python.sqlalchemy-text-request-data
    db.query(Item).order_by(sqlalchemy.literal_column(q))
    # ok: shiftleft.python.sqlalchemy-text-request-data
    db.query(Item).order_by(sqlalchemy.literal_column("name"))
    return rows


def article_view(request, slug):
    # ruleid: shiftleft.python.django-raw-sql-request-data
    Article.objects.raw("SELECT * FROM article WHERE slug = '%s'" % slug)
    # ok: shiftleft.python.django-raw-sql-request-data
    Article.objects.raw("SELECT * FROM article WHERE slug = %s", [slug])
    term = request.GET["term"]
    # ruleid: shiftleft.python.django-raw-sql-request-data
    Article.objects.extra(where=["title LIKE '%%" + term + "%%'"])
    # ok: shiftleft.python.django-raw-sql-request-data
    Article.objects.extra(where=["title LIKE %s"], params=[term])
    # ruleid: shiftleft.python.django-raw-sql-request-data
    Article.objects.annotate(x=RawSQL("SELECT %s" % request.POST.get("col"), []))
    # ok: shiftleft.python.django-raw-sql-request-data
    Article.objects.annotate(x=RawSQL("SELECT col FROM t WHERE id = %s", [term]))
    with connection.cursor() as cursor:
        # ruleid: shiftleft.python.sql-injection-request-data
        cursor.execute("DELETE FROM article WHERE slug = '" + slug + "'")


# ---- commands --------------------------------------------------------------------------------
@app.post("/ping")
def ping():
    host = request.form["host"]
    # ruleid: shiftleft.python.command-injection-shell-request-data
    os.system("ping -c 1 " + host)
    # ruleid: shiftleft.python.command-injection-shell-request-data
    out = os.popen("nslookup %s" % host).read()
    # ruleid: shiftleft.python.command-injection-shell-request-data
    subprocess.run(f"traceroute {host}", shell=True)
    # ruleid: shiftleft.python.command-injection-shell-request-data
    subprocess.check_output(["sh", "-c", "dig " + host])
    # ruleid: shiftleft.python.command-injection-shell-request-data
    os.execv("/bin/sh", ["sh", "-c", "dig " + host])
    # ruleid: shiftleft.python.command-injection-shell-request-data
    os.posix_spawnp("bash", ["bash", "-c", "host " + host], os.environ)
    # ok: shiftleft.python.command-injection-shell-request-data
    os.execv("/usr/bin/dig", ["dig", "-c", host])
    # ok: shiftleft.python.command-injection-shell-request-data
    subprocess.run("traceroute " + shlex.quote(host), shell=True)
    # ok: shiftleft.python.command-injection-shell-request-data
    subprocess.run(["ping", "-c", "1", host])
    # ok: shiftleft.python.command-injection-shell-request-data
    os.system("uptime")
    # ok: shiftleft.python.command-injection-shell-request-data
    subprocess.run("ping -c %d localhost" % int(request.form["n"]), shell=True)
    # ok: shiftleft.python.command-injection-executable-request-data
    subprocess.run(["ping", "-c", "1", host])
    tool = request.args.get("tool")
    # ruleid: shiftleft.python.command-injection-executable-request-data
    subprocess.Popen([tool, "--version"])
    argv = shlex.split(request.args["cmd"])
    # ruleid: shiftleft.python.command-injection-executable-request-data
    subprocess.call(argv)
    # ruleid: shiftleft.python.command-injection-executable-request-data
    os.execvp(tool, [tool])
    # ok: shiftleft.python.command-injection-executable-request-data
    subprocess.call(["/usr/bin/git", "log", tool])
    return out


async def run_job(request):
    data = await request.json()
    # ruleid: shiftleft.python.command-injection-shell-request-data
    await asyncio.create_subprocess_shell("convert " + data["file"] + " out.png")
    # ok: shiftleft.python.command-injection-shell-request-data
    await asyncio.create_subprocess_exec("convert", data["file"], "out.png")
    # ruleid: shiftleft.python.command-injection-executable-request-data
    await asyncio.create_subprocess_exec(data["prog"], "out.png")


# ---- code ------------------------------------------------------------------------------------
@app.route("/calc")
def calc():
    expr = request.args["expr"]
    # ruleid: shiftleft.python.code-injection-request-data
    result = eval(expr)
    # ruleid: shiftleft.python.code-injection-request-data
    exec("x = " + request.values.get("x"))
    # ruleid: shiftleft.python.code-injection-request-data
    compile(request.get_data(as_text=True), "<req>", "exec")
    # ok: shiftleft.python.code-injection-request-data
    eval("1 + 2")
    # ok: shiftleft.python.code-injection-request-data
    eval(str(int(expr)))
    return str(result)


@router.post("/plugin/{name}")
def load_plugin(name: str, action: str):
    # ruleid: shiftleft.python.unsafe-reflection-request-data
    module = importlib.import_module("plugins." + name)
    # ruleid: shiftleft.python.unsafe-reflection-request-data
    handler = getattr(module, action)
    # ok: shiftleft.python.unsafe-reflection-request-data
    fixed = importlib.import_module("plugins.core")
    # ok: shiftleft.python.unsafe-reflection-request-data
    getattr(fixed, "run")
    return handler()


# ---- LDAP / XPath ------------------------------------------------------------------------------
@app.route("/ldap")
def ldap_lookup():
    uid = request.args["uid"]
    conn = ldap.initialize("ldap://localhost")
    # ruleid: shiftleft.python.ldap-injection-request-data
    conn.search_s("dc=example,dc=org", ldap.SCOPE_SUBTREE, "(uid=" + uid + ")")
    flt = "(&(objectClass=person)(cn=%s))" % uid
    # ruleid: shiftleft.python.ldap-injection-request-data
    conn.search_s("dc=example,dc=org", ldap.SCOPE_ONELEVEL, flt, ["mail"])
    # ok: shiftleft.python.ldap-injection-request-data
    conn.search_s("dc=example,dc=org", ldap.SCOPE_SUBTREE, "(uid=" + ldap.filter.escape_filter_chars(uid) + ")")
    # ok: shiftleft.python.ldap-injection-request-data
    conn.search_s("dc=example,dc=org", ldap.SCOPE_SUBTREE, "(objectClass=person)")
    # ruleid: shiftleft.python.regex-injection-request-data
    re.search("(uid=" + uid + ")", "text")
    return "ok"


@app.route("/xpath")
def xpath_lookup():
    tree = etree.parse("users.xml")
    name = request.args.get("name")
    # ruleid: shiftleft.python.xpath-injection-request-data
    tree.xpath("//user[@name='" + name + "']/email/text()")
    # ruleid: shiftleft.python.xpath-injection-request-data
    finder = etree.XPath(f"//user[@name='{name}']")
    # ok: shiftleft.python.xpath-injection-request-data
    tree.xpath("//user[@name=$name]/email/text()", name=name)
    # ok: shiftleft.python.xpath-injection-request-data
    "abc".find(name)
    # ok: shiftleft.python.xpath-injection-request-data
    name.find("@")
    return finder


# ---- NoSQL ---------------------------------------------------------------------------------------
@app.post("/login")
def mongo_login():
    body = request.get_json()
    # ruleid: shiftleft.python.nosql-operator-injection-request-data
    user = db.users.find_one({"user": body["user"], "password": body["password"]})
    # ruleid: shiftleft.python.nosql-operator-injection-request-data
    db.users.find(request.json)
    # ok: shiftleft.python.nosql-operator-injection-request-data
    db.users.find_one({"user": str(body["user"]), "password": str(body["password"])})
    # ok: shiftleft.python.nosql-operator-injection-request-data
    db.users.find_one({"user": request.args.get("user")})
    # ruleid: shiftleft.python.mongodb-where-request-data
    db.users.find({"$where": "this.name == '" + request.args["name"] + "'"})
    # ok: shiftleft.python.mongodb-where-request-data
    db.users.find({"$where": "this.age > 18"})
    # ok: shiftleft.python.mongodb-where-request-data
    db.users.find({"name": request.args["name"]})
    return user


# ---- regex / format / log / header ---------------------------------------------------------------------------
@app.route("/grep")
def grep():
    pattern = request.args["q"]
    # ruleid: shiftleft.python.regex-injection-request-data
    rx = re.compile(pattern)
    # ruleid: shiftleft.python.regex-injection-request-data
    re.search("^" + pattern + "$", "text")
    # ok: shiftleft.python.regex-injection-request-data
    re.search(re.escape(pattern), "text")
    # ok: shiftleft.python.regex-injection-request-data
    re.search(r"^\w+$", pattern)
    template = request.form["greeting"]
    # ruleid: shiftleft.python.format-string-injection-request-data
    message = template.format(user=flask.g.user)
    # ok: shiftleft.python.format-string-injection-request-data
    message = "Hello {}".format(template)
    # ok: shiftleft.python.format-string-injection-request-data
    "Hello {name}".format_map({"name": template})
    # ruleid: shiftleft.python.log-injection-request-data
    log.info("search for " + pattern)
    # ruleid: shiftleft.python.log-injection-request-data
    logging.warning("bad login for %s", request.form["user"])
    # ok: shiftleft.python.log-injection-request-data
    log.info("search for %r", pattern)
    # ok: shiftleft.python.log-injection-request-data
    log.info("search for %s", pattern.replace("\n", " "))
    # ok: shiftleft.python.log-injection-request-data
    log.info("search done")
    resp = flask.make_response(rx.pattern)
    # ruleid: shiftleft.python.header-injection-request-data
    resp.headers["X-Search"] = pattern
    # ok: shiftleft.python.header-injection-request-data
    resp.headers["X-Search"] = "done"
    # ok: shiftleft.python.header-injection-request-data
    resp.headers["X-Count"] = str(len(pattern))
    # ok: shiftleft.python.header-injection-request-data
    request.headers["X-Search"] = pattern
    return resp, message


def download(request, name):
    response = HttpResponse(b"data")
    # ruleid: shiftleft.python.header-injection-request-data
    response["Content-Disposition"] = "attachment; filename=" + name
    # ok: shiftleft.python.header-injection-request-data
    response["Content-Disposition"] = "attachment; filename=report.pdf"
    return response


@api.post("/notes/")
async def create_note(note: NoteIn):
    query = notes.insert().values(text=note.text, completed=note.completed)
    # ok: shiftleft.python.sql-injection-request-data
    return await database.execute(query)
