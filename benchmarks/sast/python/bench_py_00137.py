from django.contrib.auth.hashers import make_password
from django.http import JsonResponse

ACCOUNTS = {}


def create_account(request):
    ACCOUNTS[request.POST["email"]] = make_password(request.POST["password"])
    return JsonResponse({"ok": True})
