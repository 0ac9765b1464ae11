from Crypto.Cipher import AES
from Crypto.Util.Padding import pad
from fastapi import FastAPI

app = FastAPI()
KEY = b"sixteen byte key"


def seal(text: str) -> bytes:
    return AES.new(KEY, AES.MODE_ECB).encrypt(pad(text.encode(), 16))


@app.get("/seal")
def seal_endpoint(text: str):
    return {"sealed": seal(text).hex()}
