from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


@app.get("/comment", response_class=HTMLResponse)
def comment(text: str):
    body = f"<div class='comment'>{text}</div>"
    return HTMLResponse(content=body)
