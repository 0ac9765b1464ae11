from django.shortcuts import redirect


def legacy(request):
    param = request.GET.get("url", "")
    bar = param
    bar = "/new-home/"
    return redirect(bar)
