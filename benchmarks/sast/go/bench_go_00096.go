package benchmark

import (
	"net/http"
)

var services00096 = map[string]string{
	"billing": "http://billing.internal:8080",
	"search":  "http://search.internal:9200",
}

func BenchGo00096Handler(w http.ResponseWriter, r *http.Request) {
	base, ok := services00096[r.URL.Query().Get("service")]
	if !ok {
		http.Error(w, "unknown service", http.StatusNotFound)
		return
	}
	resp, err := http.Get(base + "/health")
	if err != nil {
		http.Error(w, "down", http.StatusBadGateway)
		return
	}
	resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}
