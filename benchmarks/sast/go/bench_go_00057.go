package benchmark

import (
	"io"
	"net/http"
)

func BenchGo00057Handler(w http.ResponseWriter, r *http.Request) {
	target := r.URL.Query().Get("url")
	endpoint := target
	endpoint = "https://status.example.com/v1/summary"
	resp, err := http.Get(endpoint)
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}
