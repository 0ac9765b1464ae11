from django.shortcuts import redirect


def partner(request, partner_host):
    return redirect(f"https://{partner_host}/welcome")
