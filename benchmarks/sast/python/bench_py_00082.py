from django.contrib.auth.models import User
from django.http import JsonResponse


def by_domain(request):
    domain = request.GET["domain"]
    clause = "email LIKE '%@" + domain + "'"
    users = User.objects.extra(where=[clause])
    return JsonResponse({"count": users.count()})
