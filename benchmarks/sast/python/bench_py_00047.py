from django.http import JsonResponse


def issue_auth(request):
    response = JsonResponse({"ok": True})
    response.set_cookie("auth", request.session.session_key, httponly=True, samesite="Lax")
    return response
