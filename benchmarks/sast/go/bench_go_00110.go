package benchmark

import (
	"fmt"
	"html"
	"net/http"
)

func BenchGo00110Handler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, "<h1>Hello, %s</h1>", html.EscapeString(name))
}
