from django.http import HttpResponse
from django.utils.html import escape


def hits(request):
    term = escape(request.GET["q"])
    return HttpResponse("<div class='hits'>No results for %s</div>" % term)
