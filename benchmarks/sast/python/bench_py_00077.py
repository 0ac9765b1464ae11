import ldap
from django.http import JsonResponse


def build_filter(mail):
    return "(&(objectClass=person)(mail=" + mail + "))"


def find_by_mail(request):
    conn = ldap.initialize("ldap://ldap.corp.local")
    entries = conn.search_s("dc=corp,dc=local", ldap.SCOPE_SUBTREE, build_filter(request.GET["mail"]))
    return JsonResponse({"dns": [dn for dn, _ in entries]})
