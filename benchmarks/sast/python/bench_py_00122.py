from flask import Flask, redirect, request

app = Flask(__name__)


def continuation(form):
    dest = form.get("continue")
    return dest or "/dashboard"


@app.route("/checkout/complete", methods=["POST"])
def complete():
    return redirect(continuation(request.form), code=303)
