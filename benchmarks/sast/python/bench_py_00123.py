import psycopg2
from flask import Flask, request

app = Flask(__name__)


@app.route("/search", methods=["POST"])
def search():
    filters = {"status": "active", "city": request.form["city"]}
    city = filters["city"]
    sql = "SELECT id FROM customers WHERE status = 'active' AND city = '{}'".format(city)
    conn = psycopg2.connect("dbname=crm")
    with conn.cursor() as cur:
        cur.execute(sql)
        return {"ids": [r[0] for r in cur.fetchall()]}
