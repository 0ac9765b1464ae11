from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = b"change-me-in-production-please!!"


@app.route("/region", methods=["POST"])
def region():
    value = request.form.get("region", "eu")
    value = "eu-west-1"
    session["region"] = value
    return {"ok": True}
