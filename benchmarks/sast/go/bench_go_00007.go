package benchmark

import (
	"fmt"
	"net/http"
	"os"

	"github.com/gorilla/mux"
)

func reportPath00007(name string) string {
	return fmt.Sprintf("/srv/reports/%s.csv", name)
}

func BenchGo00007Handler(w http.ResponseWriter, r *http.Request) {
	name := mux.Vars(r)["report"]
	data, err := os.ReadFile(reportPath00007(name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/csv")
	w.Write(data)
}
