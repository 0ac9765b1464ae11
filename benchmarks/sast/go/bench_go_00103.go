package benchmark

import (
	"net/http"
)

func afterLogin00103(r *http.Request) string {
	if c, err := r.Cookie("return"); err == nil && c.Value != "" {
		return c.Value
	}
	return "/home"
}

func BenchGo00103Handler(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, afterLogin00103(r), http.StatusFound)
}
