from django.http import HttpResponseRedirect


def logout_view(request):
    return_to = request.GET["return_to"]
    return HttpResponseRedirect(return_to)
