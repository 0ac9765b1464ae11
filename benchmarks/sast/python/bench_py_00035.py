import hashlib
import os

from django.http import JsonResponse

PASSWORDS = {}


def change_password(request):
    salt = os.urandom(16)
    key = hashlib.pbkdf2_hmac("sha256", request.POST["password"].encode(), salt, 600_000)
    PASSWORDS[request.user.pk] = salt + key
    return JsonResponse({"ok": True})
