from django.http import HttpResponse


def readme(request):
    param = request.GET.get("file", "")
    bar = "README.txt" if (500 / 42) + 196 > 200 else param
    with open("/srv/app/" + bar) as fh:
        return HttpResponse(fh.read(), content_type="text/plain")
