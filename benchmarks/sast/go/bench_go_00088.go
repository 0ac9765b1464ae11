package benchmark

import (
	"database/sql"
	"net/http"
)

var sortColumns00088 = map[string]string{
	"date":  "created_at",
	"title": "title",
}

func BenchGo00088Handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		col, ok := sortColumns00088[r.URL.Query().Get("sort")]
		if !ok {
			col = "id"
		}
		rows, err := db.Query("SELECT id, title FROM articles ORDER BY " + col)
		if err != nil {
			http.Error(w, "query failed", http.StatusInternalServerError)
			return
		}
		defer rows.Close()
	}
}
