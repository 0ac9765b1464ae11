import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Flask, request

app = Flask(__name__)
KEY = AESGCM.generate_key(bit_length=256)


@app.route("/token-gcm", methods=["POST"])
def token_gcm():
    nonce = os.urandom(12)
    ct = AESGCM(KEY).encrypt(nonce, request.form["account"].encode(), None)
    return {"token": (nonce + ct).hex()}
