from django.http import JsonResponse


def set_theme(request):
    param = request.GET.get("theme", "")
    theme = "light"
    if 2 ** 3 > 100:
        theme = param
    request.session["theme"] = theme
    return JsonResponse({"theme": theme})
