# Test cases for web.yaml (semgrep --test). Not executed.
import html
import json
import os
import pickle
import shutil
import urllib.parse
import urllib.request
from pathlib import Path

import aiohttp
import httpx
import jinja2
import requests
import yaml
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect as django_redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from flask import (Flask, jsonify, make_response, redirect, render_template,
                   render_template_string, request, send_file, send_from_directory, session, url_for)
from lxml import etree
from markupsafe import Markup, escape
from werkzeug.utils import secure_filename

app = Flask(__name__)
api = FastAPI()
UPLOADS = "/srv/uploads"
ALLOWED_ORIGINS = {"https://app.example.org"}
ALLOWED_HOSTS = {"api.example.org"}


# ---- XSS ---------------------------------------------------------------------------------------
@app.route("/hello")
def hello():
    name = request.args.get("name", "")
    if not name:
        # ok: shiftleft.python.xss-response-request-data
        return "<p>Hello, stranger</p>"
    greeting = "<h1>Hello " + name + "</h1>"
    # ruleid: shiftleft.python.xss-response-request-data
    return greeting


@app.route("/hello2/<user>")
def hello2(user):
    # ruleid: shiftleft.python.xss-response-request-data
    return f"<h1>Hello {user}</h1>"


@app.route("/hello3")
def hello3():
    # ruleid: shiftleft.python.xss-response-request-data
    resp = make_response("<b>" + request.cookies.get("theme") + "</b>")
    # ok: shiftleft.python.xss-response-request-data
    make_response("<b>" + escape(request.cookies.get("theme")) + "</b>")
    # ok: shiftleft.python.xss-response-request-data
    make_response(request.args["q"], 200, mimetype="text/plain")
    # ok: shiftleft.python.xss-response-request-data
    return render_template("hello.html", name=request.args["q"])


@app.route("/api/echo")
def echo():
    # ok: shiftleft.python.xss-response-request-data
    return jsonify(q=request.args["q"])


@app.route("/api/echo2")
def echo2():
    # ok: shiftleft.python.xss-response-request-data
    return {"q": request.args["q"]}


@app.route("/hello4")
def hello4():
    # ok: shiftleft.python.xss-response-request-data
    return "<h1>Hello " + html.escape(request.args["name"]) + "</h1>"


def django_hello(request):
    q = request.GET.get("q", "")
    # ruleid: shiftleft.python.xss-response-request-data
    HttpResponse("Results for " + q)
    # ok: shiftleft.python.xss-response-request-data
    HttpResponse(json.dumps({"q": q}), content_type="application/json")
    # ok: shiftleft.python.xss-response-request-data
    render(request, "results.html", {"q": q})
    # ruleid: shiftleft.python.xss-mark-safe-request-data
    banner = mark_safe("<div>" + q + "</div>")
    # ok: shiftleft.python.xss-mark-safe-request-data
    mark_safe("<div>" + html.escape(q) + "</div>")
    # ok: shiftleft.python.xss-mark-safe-request-data
    mark_safe("<div>static</div>")
    # ruleid: shiftleft.python.xss-mark-safe-request-data
    Markup(request.POST["bio"])
    # ok: shiftleft.python.xss-mark-safe-request-data
    Markup("<b>%s</b>") % request.POST["bio"]
    return banner


@api.get("/page", response_class=HTMLResponse)
async def page(title: str, count: int = 1):
    # ruleid: shiftleft.python.xss-response-request-data
    return HTMLResponse("<title>" + title + "</title>")


@api.get("/page2")
async def page2(count: int):
    # ok: shiftleft.python.xss-response-request-data
    return HTMLResponse("<p>%d items</p>" % count)


# ---- SSTI --------------------------------------------------------------------------------------------
@app.route("/preview", methods=["POST"])
def preview():
    body = request.form["template"]
    # ruleid: shiftleft.python.template-injection-request-data
    render_template_string(body)
    # ruleid: shiftleft.python.template-injection-request-data
    jinja2.Template("<p>" + request.args["greeting"] + "</p>").render()
    env = jinja2.Environment(autoescape=True)
    # ruleid: shiftleft.python.template-injection-request-data
    env.from_string(body).render()
    # ok: shiftleft.python.template-injection-request-data
    render_template_string("<p>{{ body }}</p>", body=body)
    # ok: shiftleft.python.template-injection-request-data
    env.from_string("<p>{{ x }}</p>").render(x=body)
    return "ok"


# ---- open redirect --------------------------------------------------------------------------------------
@app.route("/login")
def login():
    target = request.args.get("next")
    # ruleid: shiftleft.python.open-redirect-request-data
    return redirect(target)


@app.route("/login2")
def login2():
    # ok: shiftleft.python.open-redirect-request-data
    return redirect(url_for("profile", tab=request.args.get("tab")))


@app.route("/login3")
def login3():
    # ok: shiftleft.python.open-redirect-request-data
    return redirect("/profile/" + request.args["tab"])


@app.route("/login4")
def login4():
    tab = request.args["tab"]
    # ok: shiftleft.python.open-redirect-request-data
    return redirect(f"/profile/{tab}")


@app.route("/login5")
def login5():
    # ruleid: shiftleft.python.open-redirect-request-data
    return redirect("//" + request.args["host"] + "/x")


def django_login(request):
    nxt = request.POST.get("next", "/")
    if url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        # ok: shiftleft.python.open-redirect-request-data
        return HttpResponseRedirect(nxt)
    # ruleid: shiftleft.python.open-redirect-request-data
    return django_redirect(nxt)


@api.get("/go")
async def go(url: str):
    # ruleid: shiftleft.python.open-redirect-request-data
    return RedirectResponse(url)


@api.get("/go2")
async def go2(page: int):
    # ok: shiftleft.python.open-redirect-request-data
    return RedirectResponse("/pages/%d" % page)


# ---- SSRF ----------------------------------------------------------------------------------------------
@app.route("/fetch")
def fetch():
    url = request.args["url"]
    # ruleid: shiftleft.python.ssrf-request-data
    requests.get(url, timeout=5)
    # ruleid: shiftleft.python.ssrf-request-data
    urllib.request.urlopen(request.args["feed"])
    # ok: shiftleft.python.ssrf-request-data
    requests.get("https://api.example.org/items/" + request.args["id"], timeout=5)
    # ok: shiftleft.python.ssrf-request-data
    requests.get("https://api.example.org/items", params={"q": url}, timeout=5)
    session_ = requests.Session()
    # ruleid: shiftleft.python.ssrf-request-data
    session_.post(url, data={"a": 1})
    # ok: shiftleft.python.ssrf-request-data
    {"a": 1}.get(url)
    if urllib.parse.urlsplit(url).hostname in ALLOWED_HOSTS:
        # ok: shiftleft.python.ssrf-request-data
        requests.get(url, timeout=5)
    if "preview" in request.args:  # a membership test, but no allow list
        # ruleid: shiftleft.python.ssrf-request-data
        requests.get(url, timeout=5)
    return "ok"


@api.post("/webhook")
async def webhook(target: str):
    async with httpx.AsyncClient() as client:
        # ruleid: shiftleft.python.ssrf-request-data
        await client.post(target, json={})
    async with aiohttp.ClientSession() as http:
        # ruleid: shiftleft.python.ssrf-request-data
        await http.get(f"http://{target}/ping")
        # ok: shiftleft.python.ssrf-request-data
        await http.get(f"https://hooks.example.org/{target}")
    # ok: shiftleft.python.ssrf-request-data
    httpx.get("https://hooks.example.org/status")


# ---- path traversal --------------------------------------------------------------------------------------
@app.route("/download")
def download():
    name = request.args["file"]
    # ruleid: shiftleft.python.path-traversal-request-data
    data = open(os.path.join(UPLOADS, name)).read()
    # ruleid: shiftleft.python.path-traversal-request-data
    send_file(UPLOADS + "/" + name)
    # ok: shiftleft.python.path-traversal-request-data
    send_from_directory(UPLOADS, name)
    # ok: shiftleft.python.path-traversal-request-data
    open(os.path.join(UPLOADS, secure_filename(name))).read()
    # ok: shiftleft.python.path-traversal-request-data
    open(os.path.join(UPLOADS, os.path.basename(name))).read()
    # ok: shiftleft.python.path-traversal-request-data
    open(os.path.join(UPLOADS, "index.txt")).read()
    # ruleid: shiftleft.python.path-traversal-request-data
    shutil.rmtree(os.path.join(UPLOADS, request.form["dir"]))
    # ruleid: shiftleft.python.path-traversal-request-data
    (Path(UPLOADS) / name).read_text()
    # ok: shiftleft.python.path-traversal-request-data
    (Path(UPLOADS) / "index.txt").read_text()
    upload = request.files["doc"]
    # ruleid: shiftleft.python.path-traversal-request-data
    upload.save(os.path.join(UPLOADS, upload.filename)) or open(upload.filename, "rb")
    # ok: shiftleft.python.path-traversal-request-data
    name.replace("a", "b")
    return data


@api.get("/files/{path}")
async def get_file(path: str):
    # ruleid: shiftleft.python.path-traversal-request-data
    return FileResponse(f"/srv/static/{path}")


# ---- trust boundary ----------------------------------------------------------------------------------------
@app.route("/prefs", methods=["POST"])
def prefs():
    # ruleid: shiftleft.python.trust-boundary-session-request-data
    session["role"] = request.form["role"]
    lang = request.form.get("lang")
    # ruleid: shiftleft.python.trust-boundary-session-request-data
    session.update({"lang": lang})
    # ok: shiftleft.python.trust-boundary-session-request-data
    session["page_size"] = int(request.form["size"])
    # ok: shiftleft.python.trust-boundary-session-request-data
    session["visited"] = True
    return "ok"


def django_prefs(request):
    # ruleid: shiftleft.python.trust-boundary-session-request-data
    request.session["user_id"] = request.GET["uid"]
    # ok: shiftleft.python.trust-boundary-session-request-data
    request.session["user_id"] = request.user.id


# ---- mass assignment --------------------------------------------------------------------------------------
@app.route("/users", methods=["POST"])
def create_user():
    data = request.get_json()
    # ruleid: shiftleft.python.mass-assignment-request-data
    user = User(**data)
    # ruleid: shiftleft.python.mass-assignment-request-data
    models.Account.objects.create(**request.form)
    fields = {k: v for k, v in data.items() if k in {"name", "email"}}
    # ok: shiftleft.python.mass-assignment-request-data
    User(**fields)
    # ok: shiftleft.python.mass-assignment-request-data
    User(name=data["name"], email=data["email"])
    # ok: shiftleft.python.mass-assignment-request-data
    dict(**data)
    for key, value in data.items():
        # ruleid: shiftleft.python.mass-assignment-request-data
        setattr(user, key, value)
    return "ok"


# ---- CORS --------------------------------------------------------------------------------------------------
@app.after_request
def cors(resp):
    origin = request.headers.get("Origin")
    # ruleid: shiftleft.python.cors-origin-reflection-request-data
    resp.headers["Access-Control-Allow-Origin"] = origin
    if origin in ALLOWED_ORIGINS:
        # ok: shiftleft.python.cors-origin-reflection-request-data
        resp.headers["Access-Control-Allow-Origin"] = origin
    # ok: shiftleft.python.cors-origin-reflection-request-data
    resp.headers["Access-Control-Allow-Origin"] = "https://app.example.org"
    return resp


# ---- XXE ------------------------------------------------------------------------------------------------------
@app.route("/import", methods=["POST"])
def import_xml():
    # ruleid: shiftleft.python.xxe-request-data
    doc = etree.fromstring(request.data)
    # ruleid: shiftleft.python.xxe-request-data
    etree.parse(request.files["doc"], etree.XMLParser(resolve_entities=True))
    # ok: shiftleft.python.xxe-request-data
    etree.fromstring(request.data, etree.XMLParser(resolve_entities=False, no_network=True))
    # ok: shiftleft.python.xxe-request-data
    etree.fromstring(b"<a/>")
    return doc


@app.route("/import2", methods=["POST"])
def import_xml2():
    parser = etree.XMLParser(resolve_entities=False)
    # ok: shiftleft.python.xxe-request-data
    return etree.fromstring(request.get_data(), parser)


# ---- deserialization ---------------------------------------------------------------------------------------
@app.route("/state", methods=["POST"])
def restore():
    # ruleid: shiftleft.python.deserialization-request-data
    state = pickle.loads(request.data)
    raw = request.files["cfg"].read()
    # ruleid: shiftleft.python.deserialization-request-data
    cfg = yaml.load(raw, Loader=yaml.Loader)
    # ok: shiftleft.python.deserialization-request-data
    yaml.load(raw, Loader=yaml.SafeLoader)
    # ok: shiftleft.python.deserialization-request-data
    yaml.safe_load(raw)
    # ok: shiftleft.python.deserialization-request-data
    json.loads(request.data)
    # ok: shiftleft.python.deserialization-request-data
    pickle.loads(open("cache.bin", "rb").read())
    return state, cfg


def django_restore(request):
    # ruleid: shiftleft.python.deserialization-request-data
    return pickle.loads(bytes.fromhex(request.COOKIES["state"]))


# ---- look-alikes from real applications ----------------------------------------------------------------
@app.route("/auth/login", methods=["POST"])
def flaskr_login():
    username = request.form["username"]
    user = db.execute("SELECT * FROM user WHERE username = ?", (username,)).fetchone()
    # ok: shiftleft.python.trust-boundary-session-request-data
    session["user_id"] = user["id"]
    return redirect(url_for("index"))


@api.patch("/items/{item_id}")
async def update_item(item_id: str, item: Item):
    stored = items[item_id]
    # ok: shiftleft.python.mass-assignment-request-data
    model = Item(**stored)
    return model


def flatpage(request, url):
    f = get_object_or_404(FlatPage, url=url)
    # ok: shiftleft.python.xss-mark-safe-request-data
    f.content = mark_safe(f.content)
    # ok: shiftleft.python.xss-response-request-data
    return HttpResponse(template.render({"flatpage": f}, request))


def login_helper(request, user, backend=None):
    # ok: shiftleft.python.trust-boundary-session-request-data
    request.session["backend"] = backend
