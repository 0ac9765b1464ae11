package benchmark

import (
	"html/template"
	"io"
	"net/http"
)

func BenchGo00066Handler(w http.ResponseWriter, r *http.Request) {
	q := r.FormValue("q")
	w.Header().Set("Content-Type", "text/html")
	io.WriteString(w, "<p>No results for <b>"+template.HTMLEscapeString(q)+"</b></p>")
}
