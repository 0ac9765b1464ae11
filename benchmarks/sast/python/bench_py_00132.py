from flask import Flask, request

app = Flask(__name__)


@app.route("/format", methods=["POST"])
def format_value():
    fields = {"value": request.form["value"], "unit": "kg"}
    rendered = eval(f"'{fields['value']}' + ' ' + '{fields['unit']}'")
    return {"text": rendered}
