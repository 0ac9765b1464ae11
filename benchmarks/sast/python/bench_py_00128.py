import os

from django.http import JsonResponse

TMP = "/tmp/exports"


def cleanup(request):
    files = [request.GET["file"]]
    for item in files:
        os.remove(os.path.join(TMP, item))
    return JsonResponse({"removed": len(files)})
