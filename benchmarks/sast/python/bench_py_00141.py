import base64
import pickle

from fastapi import Cookie, FastAPI

app = FastAPI()


def decode_prefs(blob: str):
    return pickle.loads(base64.b64decode(blob))


@app.get("/prefs")
def prefs(prefs: str = Cookie("")):
    return {"prefs": decode_prefs(prefs)}
