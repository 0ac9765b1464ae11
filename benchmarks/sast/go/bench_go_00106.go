package benchmark

import (
	"io"
	"net/http"
	"net/url"
)

func BenchGo00106Handler(w http.ResponseWriter, r *http.Request) {
	q := url.QueryEscape(r.URL.Query().Get("q"))
	resp, err := http.Get("https://api.example.com/search?q=" + q)
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}
