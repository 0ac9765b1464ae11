from django.http import JsonResponse
from lxml import etree

DOC = etree.parse("/srv/app/catalog.xml")


def item_by_position(request, index):
    pos = int(index)
    found = DOC.xpath(f"//item[{pos}]/name/text()")
    return JsonResponse({"name": found[0] if found else None})
