from django.http import HttpResponse


def media(request, filename):
    with open("/srv/media/" + filename, "rb") as fh:
        data = fh.read()
    return HttpResponse(data, content_type="application/octet-stream")
