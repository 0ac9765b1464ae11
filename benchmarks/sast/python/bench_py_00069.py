import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/pipeline", methods=["PUT"])
def pipeline():
    payload = {"source": request.get_data(as_text=True)}
    spec = yaml.unsafe_load(payload["source"])
    return {"stages": len(spec.get("stages", []))}
