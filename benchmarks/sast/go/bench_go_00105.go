package benchmark

import (
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
)

func BenchGo00105Handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		page, err := strconv.Atoi(r.URL.Query().Get("page"))
		if err != nil || page < 0 {
			page = 0
		}
		q := fmt.Sprintf("SELECT id, subject FROM messages ORDER BY id LIMIT 20 OFFSET %d", page*20)
		rows, err := db.Query(q)
		if err != nil {
			http.Error(w, "query failed", http.StatusInternalServerError)
			return
		}
		defer rows.Close()
	}
}
