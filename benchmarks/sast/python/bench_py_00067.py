import random
import string

from fastapi import FastAPI, Response

app = FastAPI()
RNG = random.SystemRandom()


@app.post("/session")
def session(response: Response):
    sid = "".join(RNG.choice(string.hexdigits) for _ in range(40))
    response.set_cookie("sid", sid, secure=True, httponly=True)
    return {"ok": True}
