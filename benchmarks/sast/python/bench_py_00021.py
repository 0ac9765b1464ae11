from fastapi import FastAPI
from lxml import etree

app = FastAPI()
ROOT = etree.parse("/srv/app/books.xml").getroot()


@app.get("/books")
def books(author: str):
    finder = etree.XPath("//book[author='%s']/title/text()" % author)
    return {"titles": [str(t) for t in finder(ROOT)]}
