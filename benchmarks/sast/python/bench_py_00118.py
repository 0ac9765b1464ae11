import hashlib

from django.contrib.auth.models import User
from django.http import JsonResponse


def set_pin(request):
    user = User.objects.get(pk=request.user.pk)
    user.last_name = hashlib.sha1(request.POST["pin"].encode()).hexdigest()
    user.save()
    return JsonResponse({"ok": True})
