import psycopg2
from flask import Flask, request

app = Flask(__name__)


@app.route("/customers", methods=["POST"])
def customers():
    filters = {"status": "active", "city": request.form["city"]}
    status = filters["status"]
    sql = "SELECT id FROM customers WHERE status = '{}'".format(status)
    conn = psycopg2.connect("dbname=crm")
    with conn.cursor() as cur:
        cur.execute(sql)
        return {"ids": [r[0] for r in cur.fetchall()]}
