import yaml
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/workflow")
async def workflow(request: Request):
    raw = await request.body()
    spec = yaml.load(raw, Loader=yaml.SafeLoader)
    return {"jobs": list(spec.get("jobs", {}))}
