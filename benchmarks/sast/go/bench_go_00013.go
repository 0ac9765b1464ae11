package benchmark

import (
	"crypto/sha256"
	"fmt"
	"net/http"
)

func BenchGo00013Handler(w http.ResponseWriter, r *http.Request) {
	token := r.Header.Get("X-Api-Token")
	h := sha256.New()
	h.Write([]byte(token))
	fmt.Fprintf(w, "%x", h.Sum(nil))
}
