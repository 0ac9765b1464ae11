# Test cases for core.yaml (semgrep --test). Not executed.
import hashlib
import pickle
import subprocess

import yaml


def sql(cur, name, conn):
    # ruleid: shiftleft.python.sql-injection-string-format
    cur.execute("SELECT * FROM t WHERE name = '%s'" % name)
    # ruleid: shiftleft.python.sql-injection-string-format
    conn.execute(f"DELETE FROM t WHERE id = {name}")
    q = "SELECT * FROM t WHERE name = '%s'" % name
    # ruleid: shiftleft.python.sql-injection-string-format
    cur.execute(q)
    # ok: shiftleft.python.sql-injection-string-format
    cur.execute("SELECT * FROM t WHERE name = ?", (name,))


def shell(host):
    # ruleid: shiftleft.python.subprocess-shell-true
    subprocess.check_output("ping -c 1 " + host, shell=True)
    # ok: shiftleft.python.subprocess-shell-true
    subprocess.run(["ping", "-c", "1", host])
    # ok: shiftleft.python.subprocess-shell-true
    subprocess.run("ls -l", shell=True)


def deserialize(data, text):
    # ruleid: shiftleft.python.pickle-loads
    pickle.loads(data)
    # ruleid: shiftleft.python.yaml-unsafe-load
    yaml.load(text)
    # ok: shiftleft.python.yaml-unsafe-load
    yaml.load(text, Loader=yaml.SafeLoader)


def hashing(pw):
    # ruleid: shiftleft.python.weak-hash-md5-sha1
    hashlib.md5(pw)
    # ok: shiftleft.python.weak-hash-md5-sha1
    hashlib.sha256(pw)
    # ok: shiftleft.python.weak-hash-md5-sha1
    hashlib.md5(pw, usedforsecurity=False)
    # ruleid: shiftleft.python.weak-hash-md5-sha1
    hashlib.new("md5", pw)
    # ok: shiftleft.python.weak-hash-md5-sha1
    hashlib.new("sha256", pw)


def evaluate(expr):
    # ruleid: shiftleft.python.eval-exec
    eval(expr)
    # ok: shiftleft.python.eval-exec
    eval("1 + 1")


# ruleid: shiftleft.python.debug-enabled
DEBUG = True
# ok: shiftleft.python.debug-enabled
DEBUG = False


def make_apps():
    import os

    from fastapi import FastAPI
    from flask import Flask

    app = Flask(__name__)
    # ruleid: shiftleft.python.debug-enabled
    app.config["DEBUG"] = True
    # ok: shiftleft.python.debug-enabled
    app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"
    # ruleid: shiftleft.python.debug-enabled
    api = FastAPI(title="x", debug=True)
    # ok: shiftleft.python.debug-enabled
    FastAPI(title="x")
    # ruleid: shiftleft.python.debug-enabled
    app.run(host="127.0.0.1", debug=True)
    return api
