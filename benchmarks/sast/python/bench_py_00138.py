import sqlite3

from django.http import JsonResponse


def shipments(request):
    param = request.GET.get("state", "")
    num = 86
    if (7 * 42) - num > 200:
        value = "shipped"
    else:
        value = param
    conn = sqlite3.connect("orders.db")
    rows = conn.execute("SELECT id FROM shipments WHERE state = '" + value + "'").fetchall()
    return JsonResponse({"ids": [r[0] for r in rows]})
