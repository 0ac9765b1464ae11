from Crypto.Cipher import ARC4
from flask import Flask, request

app = Flask(__name__)
STREAM_KEY = b"stream-key-material"


@app.route("/obfuscate", methods=["POST"])
def obfuscate():
    cipher = ARC4.new(STREAM_KEY)
    return {"data": cipher.encrypt(request.get_data()).hex()}
