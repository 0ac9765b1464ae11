package benchmark

import (
	"io"
	"net/http"
	"net/url"
)

var allowedHosts00080 = map[string]bool{"images.example.com": true, "cdn.example.com": true}

func BenchGo00080Handler(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.FormValue("img"))
	if err != nil || u.Scheme != "https" || !allowedHosts00080[u.Hostname()] {
		http.Error(w, "host not allowed", http.StatusBadRequest)
		return
	}
	resp, err := http.Get(u.String())
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}
