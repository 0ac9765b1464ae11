package benchmark

import (
	"net/http"
)

func BenchGo00089Handler(w http.ResponseWriter, r *http.Request) {
	http.ServeFile(w, r, "./static/"+r.FormValue("path"))
}
