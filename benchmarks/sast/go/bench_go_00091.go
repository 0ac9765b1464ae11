package benchmark

import (
	"database/sql"
	"net/http"
)

var sortColumns00091 = map[string]string{
	"date":  "created_at",
	"title": "title",
}

func BenchGo00091Handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		col, ok := sortColumns00091[r.URL.Query().Get("sort")]
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
