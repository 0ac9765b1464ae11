"""Data access for the demo app."""

import sqlite3


def find_user(conn: sqlite3.Connection, username: str) -> list[tuple[str, str]]:
    cursor = conn.cursor()
    query = "SELECT id, name FROM users WHERE name = '%s'" % username
    cursor.execute(query)
    return cursor.fetchall()


def delete_user(conn: sqlite3.Connection, user_id: str) -> None:
    conn.execute(f"DELETE FROM users WHERE id = {user_id}")
