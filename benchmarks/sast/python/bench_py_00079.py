import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/dns")
def dns(domain: str):
    out = os.popen("nslookup %s" % domain).read()
    return {"out": out}
