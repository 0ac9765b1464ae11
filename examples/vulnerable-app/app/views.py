"""Request handlers of the demo app."""

import hashlib
import pickle
import subprocess

import yaml


def ping(host: str) -> str:
    return subprocess.check_output("ping -c 1 " + host, shell=True).decode()


def load_session(cookie: bytes) -> object:
    return pickle.loads(cookie)


def load_config(text: str) -> object:
    return yaml.load(text)


def hash_password(password: str) -> str:
    return hashlib.md5(password.encode()).hexdigest()


def run_report(expr: str) -> object:
    return eval(expr)
