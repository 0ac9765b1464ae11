import urllib.request

from django.http import HttpResponse


def fetch_avatar(request):
    source = request.GET.get("src")
    with urllib.request.urlopen(source, timeout=5) as resp:
        return HttpResponse(resp.read(), content_type="image/png")
