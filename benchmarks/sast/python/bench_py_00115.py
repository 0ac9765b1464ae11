import xml.sax

from django.http import JsonResponse


class Titles(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.seen = 0

    def startElement(self, name, attrs):
        if name == "title":
            self.seen += 1


def rss(request):
    handler = Titles()
    xml.sax.parseString(request.body, handler)
    return JsonResponse({"titles": handler.seen})
