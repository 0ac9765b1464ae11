package benchmark

import (
	"net/http"
)

func afterLogin00100(r *http.Request) string {
	if c, err := r.Cookie("return"); err == nil && c.Value != "" {
		return c.Value
	}
	return "/home"
}

func BenchGo00100Handler(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, afterLogin00100(r), http.StatusFound)
}
