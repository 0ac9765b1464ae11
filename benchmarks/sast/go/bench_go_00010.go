package benchmark

import (
	"net/http"
	"net/url"
	"strings"
)

func BenchGo00010Handler(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("url"))
	if err != nil {
		http.Error(w, "bad url", http.StatusBadRequest)
		return
	}
	if strings.HasPrefix(u.Path, "/") {
		http.Redirect(w, r, u.String(), http.StatusFound)
		return
	}
	http.Redirect(w, r, "/", http.StatusFound)
}
