import hashlib

from fastapi import FastAPI

app = FastAPI()
CACHE = {}


@app.get("/render")
def render(template: str):
    cache_key = hashlib.md5(template.encode(), usedforsecurity=False).hexdigest()
    return {"cached": cache_key in CACHE, "key": cache_key}
