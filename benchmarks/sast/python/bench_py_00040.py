import os

from django.http import FileResponse, HttpResponseBadRequest

ROOT = os.path.realpath("/srv/media")


def safe_media(request, filename):
    full = os.path.realpath(os.path.join(ROOT, filename))
    if os.path.commonpath([ROOT, full]) != ROOT:
        return HttpResponseBadRequest("invalid path")
    return FileResponse(open(full, "rb"))
