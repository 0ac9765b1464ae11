package benchmark

import (
	"database/sql"
	"fmt"
	"net/http"
)

func BenchGo00065Handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Query().Get("id")
		rows, err := db.Query("SELECT name, email FROM users WHERE id = '" + id + "'")
		if err != nil {
			http.Error(w, "query failed", http.StatusInternalServerError)
			return
		}
		defer rows.Close()
		for rows.Next() {
			var name, email string
			if err := rows.Scan(&name, &email); err == nil {
				fmt.Fprintln(w, name)
			}
		}
	}
}
