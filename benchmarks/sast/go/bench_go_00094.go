package benchmark

import (
	"database/sql"
	"encoding/json"
	"net/http"
	"strings"
)

func searchQuery00094(term string) string {
	var b strings.Builder
	b.WriteString("SELECT sku, price FROM products WHERE name LIKE '%")
	b.WriteString(term)
	b.WriteString("%'")
	return b.String()
}

func BenchGo00094Handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rows, err := db.Query(searchQuery00094(r.URL.Query().Get("q")))
		if err != nil {
			http.Error(w, "bad query", http.StatusBadRequest)
			return
		}
		defer rows.Close()
		_ = json.NewEncoder(w).Encode(map[string]bool{"ok": true})
	}
}
