from fastapi import FastAPI
from sqlalchemy import create_engine, text

app = FastAPI()
engine = create_engine("sqlite:///inventory.db")


def build_query(sku: str) -> str:
    return "SELECT name, qty FROM items WHERE sku = '" + sku + "'"


@app.get("/items")
def items(sku: str):
    with engine.connect() as conn:
        result = conn.execute(text(build_query(sku)))
        return [dict(r._mapping) for r in result]
