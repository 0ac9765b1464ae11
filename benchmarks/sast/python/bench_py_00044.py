from django.shortcuts import render
from django.utils.safestring import mark_safe


def profile(request):
    bio = request.POST.get("bio", "")
    context = {"bio": mark_safe(bio)}
    return render(request, "profile.html", context)
