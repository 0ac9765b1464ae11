package benchmark

import (
	"database/sql"
	"net/http"
)

func BenchGo00056Handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		filters := map[string]string{"status": "open"}
		filters["sort"] = r.Header.Get("X-Sort")
		query := "SELECT id FROM tickets WHERE status = 'open' ORDER BY " + filters["sort"]
		if _, err := db.Exec(query); err != nil {
			http.Error(w, "failed", http.StatusInternalServerError)
		}
	}
}
