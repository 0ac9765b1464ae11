from Crypto.Cipher import AES
from Crypto.Random import get_random_bytes
from flask import Flask, request

app = Flask(__name__)
KEY = get_random_bytes(32)


@app.route("/seal-gcm", methods=["POST"])
def seal_gcm():
    cipher = AES.new(KEY, AES.MODE_GCM)
    ct, tag = cipher.encrypt_and_digest(request.get_data())
    return {"nonce": cipher.nonce.hex(), "ct": ct.hex(), "tag": tag.hex()}
