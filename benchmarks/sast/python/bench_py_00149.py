from django.http import HttpResponse


def results(request):
    term = request.GET["q"]
    return HttpResponse("<div class='hits'>No results for %s</div>" % term)
