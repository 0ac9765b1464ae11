import xml.sax
from xml.sax.handler import feature_external_ges

from django.http import JsonResponse


class Counter(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.count = 0

    def startElement(self, name, attrs):
        self.count += 1


def upload_feed(request):
    handler = Counter()
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    parser.setContentHandler(handler)
    parser.parse(request.FILES["feed"])
    return JsonResponse({"elements": handler.count})
