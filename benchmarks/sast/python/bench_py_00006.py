import shlex
import subprocess

from django.http import HttpResponse


def backup(request):
    folder = request.POST["folder"]
    subprocess.check_output("tar czf /tmp/backup.tgz " + shlex.quote(folder), shell=True)
    return HttpResponse("ok")
