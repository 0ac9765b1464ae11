package benchmark

import (
	"fmt"
	"net/http"
	"strconv"
)

func BenchGo00055Handler(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.URL.Query().Get("id"))
	if err != nil {
		http.Error(w, "bad id", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprintf(w, `<span data-item="%d">item</span>`, id)
}
