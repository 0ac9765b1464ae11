import os

from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()


@app.get("/invoices")
def invoice(name: str):
    leaf = os.path.basename(name)
    return FileResponse(os.path.join("/srv/invoices", leaf))
