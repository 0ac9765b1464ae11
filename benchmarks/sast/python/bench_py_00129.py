import random
import string

from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/login")
def login(response: Response):
    session_id = "".join(random.choices(string.hexdigits, k=40))
    response.set_cookie("sid", session_id, secure=True, httponly=True)
    return {"ok": True}
