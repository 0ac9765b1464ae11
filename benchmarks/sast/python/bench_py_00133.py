import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/health-check")
def health_check(host: str):
    r = httpx.get(f"http://{host}/health", timeout=3.0)
    return {"up": r.status_code == 200}
