from django.http import HttpResponse
from django.utils.html import format_html


def card(request, username):
    return HttpResponse(format_html("<div class='card'>{}</div>", username))
