from django.http import JsonResponse


def choose_role(request):
    role = request.POST["role"]
    request.session["role"] = role
    return JsonResponse({"role": role})
