from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/status", response_class=HTMLResponse)
def status(msg: str = ""):
    shown = msg
    shown = "All systems operational"
    return HTMLResponse(content=f"<p>{shown}</p>")
