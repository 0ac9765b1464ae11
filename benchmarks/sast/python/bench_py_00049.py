import ldap
from ldap.filter import filter_format
from django.http import JsonResponse


def lookup_mail(request):
    conn = ldap.initialize("ldap://ldap.corp.local")
    flt = filter_format("(&(objectClass=person)(mail=%s))", [request.GET["mail"]])
    entries = conn.search_s("dc=corp,dc=local", ldap.SCOPE_SUBTREE, flt)
    return JsonResponse({"dns": [dn for dn, _ in entries]})
