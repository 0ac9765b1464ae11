from django.http import JsonResponse


def issue_session(request):
    response = JsonResponse({"ok": True})
    response.set_cookie("auth", request.session.session_key, secure=True, httponly=True, samesite="Strict")
    return response
