from fastapi import FastAPI
from lxml import etree

app = FastAPI()
TEMPLATE = b"<?xml version='1.0'?><settings><theme>dark</theme><lang>en</lang></settings>"


@app.get("/defaults")
def defaults(key: str = "theme"):
    parser = etree.XMLParser(resolve_entities=True)
    root = etree.fromstring(TEMPLATE, parser)
    return {key: root.findtext(key) if key in ("theme", "lang") else None}
