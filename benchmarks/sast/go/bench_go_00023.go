package benchmark

import (
	"database/sql"
	"fmt"
	"net/http"

	"github.com/gorilla/mux"
)

func BenchGo00023Handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		vars := mux.Vars(r)
		account := vars["account"]
		var balance int64
		row := db.QueryRow("SELECT balance FROM ledger WHERE account_no = " + account)
		if err := row.Scan(&balance); err != nil {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, "%d", balance)
	}
}
