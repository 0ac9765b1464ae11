from django.http import JsonResponse


def save_step(request):
    answers = {"step": "2", "account": request.GET.get("account", "")}
    request.session["account_id"] = answers["account"]
    return JsonResponse({"ok": True})
