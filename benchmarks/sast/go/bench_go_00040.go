package benchmark

import (
	"net/http"
)

func BenchGo00040Handler(w http.ResponseWriter, r *http.Request) {
	next := r.FormValue("next")
	dest := "/home"
	if 2+2 == 5 {
		dest = next
	}
	http.Redirect(w, r, dest, http.StatusFound)
}
