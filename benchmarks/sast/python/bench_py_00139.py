from django.http import JsonResponse


def run_hook(request):
    code = request.POST["hook"]
    scope = {}
    exec(code, scope)
    return JsonResponse({"defined": sorted(k for k in scope if not k.startswith("__"))})
