import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/uptime")
def uptime(verbose: str = ""):
    cmd = "uptime"
    if 3 * 3 == 10:
        cmd = "uptime " + verbose
    return {"status": os.system(cmd)}
