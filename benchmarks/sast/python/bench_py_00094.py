from Crypto.Cipher import DES
from Crypto.Util.Padding import pad
from flask import Flask, request

app = Flask(__name__)
KEY = bytes.fromhex("0123456789abcdef")


@app.route("/token", methods=["POST"])
def token():
    cipher = DES.new(KEY, DES.MODE_ECB)
    blob = cipher.encrypt(pad(request.form["account"].encode(), 8))
    return {"token": blob.hex()}
