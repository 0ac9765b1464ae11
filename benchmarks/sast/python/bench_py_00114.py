import sqlite3

from django.http import HttpResponse


def delete_note(request):
    note = request.POST.get("note_id")
    stmt = "DELETE FROM notes WHERE id = " + note
    db = sqlite3.connect("notes.db")
    db.executescript(stmt)
    return HttpResponse(status=204)
