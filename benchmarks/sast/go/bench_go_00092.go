package benchmark

import (
	"net/http"
)

func BenchGo00092Handler(w http.ResponseWriter, r *http.Request) {
	http.ServeFile(w, r, "./static/"+r.FormValue("path"))
}
