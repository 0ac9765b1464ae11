from django.db import connection
from django.http import JsonResponse


def order_detail(request, order_ref):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, total FROM shop_order WHERE ref = '%s'" % order_ref)
        row = cursor.fetchone()
    return JsonResponse({"order": row})
