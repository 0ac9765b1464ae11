package benchmark

import (
	"database/sql"
	"fmt"
	"net/http"
)

type store00063 struct {
	db *sql.DB
}

func (s *store00063) BenchGo00063Handler(w http.ResponseWriter, r *http.Request) {
	owner := r.FormValue("owner")
	q := fmt.Sprintf("SELECT id, title FROM notes WHERE owner = '%s' ORDER BY id", owner)
	rows, err := s.db.QueryContext(r.Context(), q)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	w.WriteHeader(http.StatusOK)
}
