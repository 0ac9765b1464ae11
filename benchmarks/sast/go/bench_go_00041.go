package benchmark

import (
	"net/http"
)

func BenchGo00041Handler(w http.ResponseWriter, r *http.Request) {
	target := r.FormValue("return_to")
	w.Header().Set("Location", target)
	w.WriteHeader(http.StatusSeeOther)
}
