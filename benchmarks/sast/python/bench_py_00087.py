from django.http import JsonResponse
from lxml import etree

DOC = etree.parse("/srv/app/catalog.xml")


def price_query(sku):
    return "//item[sku='" + sku + "']/price/text()"


def price(request, sku):
    found = DOC.xpath(price_query(sku))
    return JsonResponse({"price": found[0] if found else None})
