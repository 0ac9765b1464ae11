from flask import Flask, request
from lxml import etree

app = Flask(__name__)
TREE = etree.parse("/srv/app/users.xml")


@app.route("/user-role-safe")
def user_role_safe():
    name = request.args.get("name", "")
    roles = TREE.xpath("//user[@name=$name]/role/text()", name=name)
    return {"roles": [str(r) for r in roles]}
