package benchmark

import (
	"net/http"
	"regexp"
	"strings"
)

var localPath00081 = regexp.MustCompile(`^/[A-Za-z0-9_\-/]*$`)

func BenchGo00081Handler(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if !localPath00081.MatchString(next) || strings.HasPrefix(next, "//") {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusFound)
}
