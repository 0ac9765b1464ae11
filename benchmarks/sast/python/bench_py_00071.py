import subprocess

from django.http import HttpResponse


def _archive(name):
    return subprocess.check_output("tar czf /tmp/export.tgz " + name, shell=True)


def export(request):
    folder = request.POST["folder"]
    _archive(folder)
    return HttpResponse("ok")
