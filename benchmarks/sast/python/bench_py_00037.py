import hashlib

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
USERS = {}


class Signup(BaseModel):
    email: str
    password: str


def hash_password(raw: str, algo: str = "md5") -> str:
    return hashlib.new(algo, raw.encode()).hexdigest()


@app.post("/signup")
def signup(body: Signup):
    USERS[body.email] = hash_password(body.password)
    return {"ok": True}
