from fastapi import FastAPI
from lxml import etree

app = FastAPI()
ROOT = etree.parse("/srv/app/books.xml").getroot()
BY_AUTHOR = etree.XPath("//book[author=$author]/title/text()")


@app.get("/titles")
def titles(author: str):
    return {"titles": [str(t) for t in BY_AUTHOR(ROOT, author=author)]}
