from fastapi import FastAPI
from fastapi.responses import FileResponse

app = FastAPI()


@app.get("/reports/{report}")
def report(report: str):
    return FileResponse(f"/srv/reports/{report}")
