package benchmark

import (
	"net/http"
	"os"
	"strings"
)

func BenchGo00029Handler(w http.ResponseWriter, r *http.Request) {
	theme := "default"
	if c, err := r.Cookie("theme"); err == nil {
		theme = c.Value
	}
	parts := []string{"/opt/themes", theme, "style.css"}
	css, err := os.ReadFile(strings.Join(parts, "/"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/css")
	w.Write(css)
}
