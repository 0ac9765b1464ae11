import random
import string

from django.http import JsonResponse

ALPHABET = string.ascii_letters + string.digits


def reset_token():
    return "".join(random.choice(ALPHABET) for _ in range(32))


def password_reset(request):
    token = reset_token()
    request.session["reset_token"] = token
    return JsonResponse({"sent": True})
