from django.http import JsonResponse

FORMULAS = {"double": "x * 2", "square": "x * x"}


def apply_formula(request):
    name = request.GET.get("formula", "double")
    expr = FORMULAS.get(name, "x")
    x = 7
    return JsonResponse({"result": eval(expr, {"__builtins__": {}}, {"x": x})})
