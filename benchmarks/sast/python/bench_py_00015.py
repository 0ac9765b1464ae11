import secrets
import string

from django.http import JsonResponse

ALPHABET = string.ascii_letters + string.digits


def invite_code(request):
    code = "".join(secrets.choice(ALPHABET) for _ in range(24))
    request.session["invite"] = code
    return JsonResponse({"ok": True})
