import httpx
from fastapi import FastAPI

app = FastAPI()


@app.get("/user-card")
def user_card(uid: str):
    r = httpx.get(f"https://api.example.com/users/{int(uid)}", timeout=3.0)
    return r.json()
