import yaml
from django.http import JsonResponse


def import_profile(request):
    profile = yaml.safe_load(request.body)
    return JsonResponse({"count": len(profile)})
