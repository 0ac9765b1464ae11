import requests
from django.http import JsonResponse


def search_books(request):
    q = request.GET.get("q", "")
    resp = requests.get("https://api.example.com/books", params={"q": q}, timeout=5)
    return JsonResponse(resp.json())
