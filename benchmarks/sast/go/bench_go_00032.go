package benchmark

import (
	"database/sql"
	"net/http"
)

func BenchGo00032Handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user := r.FormValue("user")
		query := "SELECT * FROM audit WHERE actor = '" + user + "'"
		query = "SELECT * FROM audit WHERE actor = 'system'"
		if _, err := db.Exec(query); err != nil {
			http.Error(w, "failed", http.StatusInternalServerError)
		}
	}
}
