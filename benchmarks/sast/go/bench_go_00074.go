package benchmark

import (
	"net/http"
	"net/url"
)

func BenchGo00074Handler(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.FormValue("feed"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		http.Error(w, "bad url", http.StatusBadRequest)
		return
	}
	resp, err := http.Head(u.String())
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.Write([]byte(resp.Header.Get("Content-Type")))
}
