import secrets

from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/token")
def token(response: Response):
    response.set_cookie(key="token", value=secrets.token_hex(16), secure=True, httponly=False)
    return {"ok": True}
