# Test cases for crypto.yaml (semgrep --test). Not executed.
import hashlib
import hmac
import os
import random
import secrets
import ssl
import string

import aiohttp
import httpx
import jwt
import urllib3
from Crypto.Cipher import AES, DES, ARC4
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


def store_user(db, username, password):
    # ruleid: shiftleft.python.weak-hash-password
    digest = hashlib.md5(password.encode()).hexdigest()
    # ruleid: shiftleft.python.fast-hash-password
    db.save(username, hashlib.sha256(password.encode()).hexdigest())
    # ok: shiftleft.python.weak-hash-password
    etag = hashlib.md5(username.encode()).hexdigest()
    # ok: shiftleft.python.fast-hash-password
    hashlib.sha256(b"file contents").hexdigest()
    # ok: shiftleft.python.fast-hash-password
    hashlib.pbkdf2_hmac("sha256", password.encode(), os.urandom(16), 600_000)
    return digest, etag


def change_password(form, user):
    h = hashlib.sha1()
    # ruleid: shiftleft.python.weak-hash-password
    h.update(form["new_password"].encode())
    # ruleid: shiftleft.python.weak-hash-password
    user.pw_hash = hashlib.new("md5", user.password.encode()).hexdigest()
    # ok: shiftleft.python.weak-hash-password
    hashlib.new("sha256", user.password.encode())
    return h


def tokens(user):
    alphabet = string.ascii_letters + string.digits
    # ruleid: shiftleft.python.insecure-random-for-secret
    reset_token = "".join(random.choice(alphabet) for _ in range(32))
    # ruleid: shiftleft.python.insecure-random-for-secret
    user.api_key = "%032x" % random.getrandbits(128)
    # ok: shiftleft.python.insecure-random-for-secret
    reset_token = secrets.token_urlsafe(32)
    # ok: shiftleft.python.insecure-random-for-secret
    delay = random.uniform(0.5, 1.5)
    # ok: shiftleft.python.insecure-random-for-secret
    sample = random.sample(range(100), 10)
    # ruleid: shiftleft.python.insecure-random-for-secret
    return {"otp": random.randint(100000, 999999), "delay": delay, "sample": sample}


def generate_session_token():
    # ruleid: shiftleft.python.insecure-random-for-secret
    return "".join(random.choices(string.hexdigits, k=32))


def pick_color():
    # ok: shiftleft.python.insecure-random-for-secret
    return random.choice(["red", "green"])


def ciphers(key, data):
    # ruleid: shiftleft.python.weak-cipher-algorithm
    DES.new(key, DES.MODE_CBC, os.urandom(8))
    # ruleid: shiftleft.python.weak-cipher-algorithm
    ARC4.new(key)
    # ruleid: shiftleft.python.weak-cipher-algorithm
    Cipher(algorithms.TripleDES(key), modes.CBC(os.urandom(8)))
    # ok: shiftleft.python.weak-cipher-algorithm
    Cipher(algorithms.AES(key), modes.GCM(os.urandom(12)))
    # ruleid: shiftleft.python.cipher-ecb-mode
    AES.new(key, AES.MODE_ECB)
    # ruleid: shiftleft.python.cipher-ecb-mode
    Cipher(algorithms.AES(key), modes.ECB())
    # ok: shiftleft.python.cipher-ecb-mode
    AES.new(key, AES.MODE_GCM)
    # ruleid: shiftleft.python.static-iv-or-nonce
    AES.new(key, AES.MODE_CBC, b"0123456789abcdef")
    # ruleid: shiftleft.python.static-iv-or-nonce
    Cipher(algorithms.AES(key), modes.CTR(b"\x00" * 16))
    iv = b"fixed-iv-16bytes"
    # ruleid: shiftleft.python.static-iv-or-nonce
    Cipher(algorithms.AES(key), modes.CBC(iv))
    # ruleid: shiftleft.python.static-iv-or-nonce
    AESGCM(key).encrypt(b"000000000000", data, None)
    # ok: shiftleft.python.static-iv-or-nonce
    AES.new(key, AES.MODE_CBC, os.urandom(16))
    # ok: shiftleft.python.static-iv-or-nonce
    AESGCM(key).encrypt(os.urandom(12), data, None)


def tokens_jwt(token, payload, key):
    # ruleid: shiftleft.python.jwt-decode-without-verification
    jwt.decode(token, options={"verify_signature": False})
    # ruleid: shiftleft.python.jwt-decode-without-verification
    jwt.decode(token, key, verify=False)
    # ok: shiftleft.python.jwt-decode-without-verification
    jwt.decode(token, key, algorithms=["HS256"])
    # ok: shiftleft.python.jwt-decode-without-verification
    jwt.decode(token, key, algorithms=["HS256"], options={"verify_aud": False})
    # ruleid: shiftleft.python.jwt-none-algorithm
    jwt.encode(payload, None, algorithm="none")
    # ruleid: shiftleft.python.jwt-none-algorithm
    jwt.decode(token, key, algorithms=["HS256", "none"])
    # ok: shiftleft.python.jwt-none-algorithm
    jwt.encode(payload, key, algorithm="HS256")
    # ruleid: shiftleft.python.jwt-hardcoded-secret
    jwt.encode(payload, "s3cr3t-signing-key", algorithm="HS256")
    # ruleid: shiftleft.python.jwt-hardcoded-secret
    jwt.decode(token, "s3cr3t-signing-key", algorithms=["HS256"])
    # ok: shiftleft.python.jwt-hardcoded-secret
    jwt.encode(payload, os.environ["JWT_KEY"], algorithm="HS256")


async def tls(url):
    # ruleid: shiftleft.python.tls-verification-disabled
    httpx.get(url, verify=False)
    # ruleid: shiftleft.python.tls-verification-disabled
    client = httpx.AsyncClient(verify=False)
    # ok: shiftleft.python.tls-verification-disabled
    httpx.get(url, verify="/etc/ssl/private-ca.pem")
    # ruleid: shiftleft.python.tls-verification-disabled
    conn = aiohttp.TCPConnector(ssl=False)
    async with aiohttp.ClientSession(connector=conn) as session:
        # ruleid: shiftleft.python.tls-verification-disabled
        await session.get(url, ssl=False)
        # ok: shiftleft.python.tls-verification-disabled
        await session.get(url)
    ctx = ssl.create_default_context()
    # ruleid: shiftleft.python.tls-verification-disabled
    ctx.check_hostname = False
    # ruleid: shiftleft.python.tls-verification-disabled
    ctx.verify_mode = ssl.CERT_NONE
    # ok: shiftleft.python.tls-verification-disabled
    ctx.verify_mode = ssl.CERT_REQUIRED
    # ruleid: shiftleft.python.tls-verification-disabled
    urllib3.PoolManager(cert_reqs="CERT_NONE")
    return client


def check_signature(request, key, body):
    expected = hmac.new(key, body, hashlib.sha256).hexdigest()
    signature = request.headers.get("X-Signature")
    # ruleid: shiftleft.python.timing-unsafe-comparison
    if signature != expected:
        return False
    # ruleid: shiftleft.python.timing-unsafe-comparison
    if hmac.new(key, body, hashlib.sha256).hexdigest() == request.headers["X-Sig"]:
        return True
    # ok: shiftleft.python.timing-unsafe-comparison
    if not hmac.compare_digest(signature, expected):
        return False
    # ok: shiftleft.python.timing-unsafe-comparison
    if signature == "":
        return False
    # ok: shiftleft.python.timing-unsafe-comparison
    if signature is None or len(signature) != 64:
        return False
    return True
