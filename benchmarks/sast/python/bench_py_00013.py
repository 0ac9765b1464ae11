from fastapi import FastAPI

app = FastAPI()


@app.get("/triple")
def triple(n: str):
    value = int(n)
    return {"result": eval(str(value) + " * 3")}
