import subprocess

from django.http import JsonResponse


def grep_logs(request, pattern):
    proc = subprocess.Popen(["sh", "-c", "grep " + pattern + " /var/log/app.log"], stdout=subprocess.PIPE)
    out, _ = proc.communicate()
    return JsonResponse({"lines": out.decode().splitlines()})
