from django.http import JsonResponse

LANGUAGES = {"en": "en", "fr": "fr", "de": "de"}


def set_language(request):
    requested = request.GET.get("lang", "en")
    request.session["lang"] = LANGUAGES.get(requested, "en")
    return JsonResponse({"ok": True})
