from fastapi import FastAPI
from fastapi.responses import RedirectResponse

app = FastAPI()
DESTINATIONS = {"docs": "https://docs.example.com/", "status": "https://status.example.com/"}


@app.get("/go")
def go(to: str = "docs"):
    return RedirectResponse(url=DESTINATIONS.get(to, DESTINATIONS["docs"]))
