package benchmark

import (
	"net/http"
	"regexp"
	"strings"
)

var localPath00016 = regexp.MustCompile(`^/[A-Za-z0-9_\-/]*$`)

func BenchGo00016Handler(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if !localPath00016.MatchString(next) || strings.HasPrefix(next, "//") {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusFound)
}
