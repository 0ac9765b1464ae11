package benchmark

import (
	"math/rand"
	"net/http"
	"time"
)

func fetchWithRetry00090(url string) (*http.Response, error) {
	var lastErr error
	for attempt := 0; attempt < 4; attempt++ {
		resp, err := http.Get(url)
		if err == nil {
			return resp, nil
		}
		lastErr = err
		jitter := time.Duration(rand.Intn(250)) * time.Millisecond
		time.Sleep(time.Duration(1<<attempt)*100*time.Millisecond + jitter)
	}
	return nil, lastErr
}

func BenchGo00090Handler(w http.ResponseWriter, r *http.Request) {
	resp, err := fetchWithRetry00090("https://status.example.com/v1/summary")
	if err != nil {
		http.Error(w, "upstream", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
}
