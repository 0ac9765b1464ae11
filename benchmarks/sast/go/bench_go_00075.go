package benchmark

import (
	"net/http"
)

func BenchGo00075Handler(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	http.Redirect(w, r, next, http.StatusFound)
}
