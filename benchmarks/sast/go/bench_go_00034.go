package benchmark

import (
	"io"
	"net/http"
)

func BenchGo00034Handler(w http.ResponseWriter, r *http.Request) {
	q := r.FormValue("q")
	w.Header().Set("Content-Type", "text/html")
	io.WriteString(w, "<p>No results for <b>"+q+"</b></p>")
}
