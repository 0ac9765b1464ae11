import secrets

from fastapi import FastAPI, Response

app = FastAPI()


@app.post("/refresh")
def refresh(response: Response):
    response.set_cookie(key="refresh", value=secrets.token_hex(16), secure=True, httponly=True, samesite="strict")
    return {"ok": True}
