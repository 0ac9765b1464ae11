# Test cases for config.yaml (semgrep --test). Not executed.
import os
import xml.sax
import xml.sax.handler

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from flask import Flask, make_response
from flask_cors import CORS
from flask_wtf.csrf import CSRFProtect
from lxml import etree
from starlette.middleware.sessions import SessionMiddleware

app = Flask(__name__)
csrf = CSRFProtect(app)
api = FastAPI()


def cookies(token, options):
    resp = make_response("ok")
    # ruleid: shiftleft.python.cookie-without-secure, shiftleft.python.cookie-without-httponly
    resp.set_cookie("session", token)
    # ruleid: shiftleft.python.cookie-without-secure
    resp.set_cookie("session", token, httponly=True)
    # ruleid: shiftleft.python.cookie-without-httponly
    resp.set_cookie("session", token, secure=True, samesite="Lax")
    # ruleid: shiftleft.python.cookie-without-secure
    resp.set_cookie("session", token, secure=False, httponly=True)
    # ok: shiftleft.python.cookie-without-secure, shiftleft.python.cookie-without-httponly
    resp.set_cookie("session", token, secure=True, httponly=True, samesite="Lax")
    # ok: shiftleft.python.cookie-without-secure, shiftleft.python.cookie-without-httponly
    resp.set_cookie("session", token, **options)
    # ruleid: shiftleft.python.cookie-samesite-none
    resp.set_cookie("widget", token, secure=True, httponly=True, samesite="None")
    # ok: shiftleft.python.cookie-samesite-none
    resp.set_cookie("widget", token, secure=True, httponly=True, samesite="Strict")
    dj = HttpResponse("ok")
    # ruleid: shiftleft.python.cookie-without-httponly
    dj.set_signed_cookie("uid", "1", secure=True)
    return resp, dj


# ruleid: shiftleft.python.cookie-without-secure
SESSION_COOKIE_SECURE = False
# ok: shiftleft.python.cookie-without-secure
SESSION_COOKIE_SECURE = True
# ruleid: shiftleft.python.cookie-without-secure
CSRF_COOKIE_SECURE = False
# ruleid: shiftleft.python.cookie-without-httponly
SESSION_COOKIE_HTTPONLY = False
# ok: shiftleft.python.cookie-without-httponly
SESSION_COOKIE_HTTPONLY = True
# ruleid: shiftleft.python.cookie-samesite-none
SESSION_COOKIE_SAMESITE = None
# ok: shiftleft.python.cookie-samesite-none
SESSION_COOKIE_SAMESITE = "Lax"
# ruleid: shiftleft.python.cookie-without-secure
app.config["SESSION_COOKIE_SECURE"] = False
# ruleid: shiftleft.python.cookie-without-httponly
app.config.update(SESSION_COOKIE_HTTPONLY=False, SESSION_COOKIE_SECURE=True)
# ruleid: shiftleft.python.cookie-without-secure
api.add_middleware(SessionMiddleware, secret_key=os.environ["SESSION_KEY"])
# ok: shiftleft.python.cookie-without-secure
api.add_middleware(SessionMiddleware, secret_key=os.environ["SESSION_KEY"], https_only=True)


# ruleid: shiftleft.python.csrf-protection-disabled
@csrf_exempt
def webhook(request):
    return HttpResponse("ok")


# ok: shiftleft.python.csrf-protection-disabled
def form_view(request):
    return HttpResponse("ok")


# ruleid: shiftleft.python.csrf-protection-disabled
@csrf.exempt
@app.route("/hook", methods=["POST"])
def flask_hook():
    return "ok"


# ruleid: shiftleft.python.csrf-protection-disabled
WTF_CSRF_ENABLED = False
# ok: shiftleft.python.csrf-protection-disabled
WTF_CSRF_ENABLED = True

# ruleid: shiftleft.python.csrf-protection-disabled
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

# ok: shiftleft.python.csrf-protection-disabled
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

# ruleid: shiftleft.python.cors-allow-any-origin
api.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"])
# ok: shiftleft.python.cors-allow-any-origin
api.add_middleware(CORSMiddleware, allow_origins=["https://app.example.org"], allow_credentials=True)
# ok: shiftleft.python.cors-allow-any-origin
api.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])
# ruleid: shiftleft.python.cors-allow-any-origin
CORS(app, supports_credentials=True)
# ok: shiftleft.python.cors-allow-any-origin
CORS(app, origins=["https://app.example.org"], supports_credentials=True)
# ruleid: shiftleft.python.cors-allow-any-origin
CORS_ALLOW_ALL_ORIGINS = True
# ok: shiftleft.python.cors-allow-any-origin
CORS_ALLOW_ALL_ORIGINS = False

# ruleid: shiftleft.python.django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["*"]
# ok: shiftleft.python.django-allowed-hosts-wildcard
ALLOWED_HOSTS = ["www.example.org", ".example.org"]

# ruleid: shiftleft.python.hardcoded-secret-key
SECRET_KEY = "django-insecure-7x!k2v$p0^q@z"
# ok: shiftleft.python.hardcoded-secret-key
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
# ruleid: shiftleft.python.hardcoded-secret-key
app.secret_key = "dev-key-change-me"
# ok: shiftleft.python.hardcoded-secret-key
app.secret_key = os.urandom(32)
# ruleid: shiftleft.python.hardcoded-secret-key
app.config["SECRET_KEY"] = "super-secret"
# ok: shiftleft.python.hardcoded-secret-key
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY")
# ruleid: shiftleft.python.hardcoded-secret-key
api.add_middleware(SessionMiddleware, secret_key="0123456789abcdef", https_only=True)

# ruleid: shiftleft.python.django-weak-password-hasher
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# ok: shiftleft.python.django-weak-password-hasher
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]


def xml_parsers(path):
    sax = xml.sax.make_parser()
    # ruleid: shiftleft.python.xml-external-entities-enabled
    sax.setFeature(xml.sax.handler.feature_external_ges, True)
    # ok: shiftleft.python.xml-external-entities-enabled
    sax.setFeature(xml.sax.handler.feature_external_ges, False)
    # ruleid: shiftleft.python.xml-external-entities-enabled
    etree.parse(path, etree.XMLParser(resolve_entities=True))
    # ruleid: shiftleft.python.xml-external-entities-enabled
    parser = etree.XMLParser(no_network=False)
    # ok: shiftleft.python.xml-external-entities-enabled
    etree.parse(path, etree.XMLParser(resolve_entities=False, no_network=True))
    return parser


def logout(resp):
    # ok: shiftleft.python.cookie-without-secure, shiftleft.python.cookie-without-httponly
    resp.set_cookie("session", "", max_age=0)
