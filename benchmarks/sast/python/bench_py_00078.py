from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("sqlite:///inventory.db")


@app.get("/stock")
def stock(sku: str):
    with engine.connect() as conn:
        result = conn.execute(text("SELECT name, qty FROM items WHERE sku = :sku"), {"sku": sku})
        return [dict(r._mapping) for r in result]
