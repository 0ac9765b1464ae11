package benchmark

import (
	"crypto/tls"
	"io"
	"net/http"
)

func BenchGo00060Handler(w http.ResponseWriter, r *http.Request) {
	client := &http.Client{
		Transport: &http.Transport{
			TLSClientConfig: &tls.Config{
				MinVersion: tls.VersionTLS10,
				MaxVersion: tls.VersionTLS10,
			},
		},
	}
	resp, err := client.Get("https://legacy.example.com/feed")
	if err != nil {
		http.Error(w, "upstream", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}
