import xml.sax
from xml.dom import pulldom
from xml.sax.handler import feature_external_ges

from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/orders")
async def orders(request: Request):
    body = (await request.body()).decode()
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    events = pulldom.parseString(body, parser=parser)
    ids = [node.getAttribute("id") for ev, node in events if ev == pulldom.START_ELEMENT and node.tagName == "order"]
    return {"ids": ids}
