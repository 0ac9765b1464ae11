from cryptography.fernet import Fernet
from fastapi import FastAPI

app = FastAPI()
FERNET = Fernet(Fernet.generate_key())


@app.get("/wrap")
def wrap(text: str):
    return {"wrapped": FERNET.encrypt(text.encode()).decode()}
