from defusedxml.minidom import parseString
from django.http import JsonResponse


def sitemap(request):
    doc = parseString(request.body)
    urls = [n.firstChild.nodeValue for n in doc.getElementsByTagName("loc")]
    return JsonResponse({"urls": urls})
