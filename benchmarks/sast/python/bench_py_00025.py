from flask import Flask, request
from lxml import etree

app = Flask(__name__)
TREE = etree.parse("/srv/app/users.xml")


@app.route("/user-role")
def user_role():
    name = request.args.get("name", "")
    roles = TREE.xpath(f"//user[@name='{name}']/role/text()")
    return {"roles": [str(r) for r in roles]}
