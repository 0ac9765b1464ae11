package benchmark

import (
	"crypto/sha1"
	"fmt"
	"net/http"
)

func BenchGo00030Handler(w http.ResponseWriter, r *http.Request) {
	token := r.Header.Get("X-Api-Token")
	h := sha1.New()
	h.Write([]byte(token))
	fmt.Fprintf(w, "%x", h.Sum(nil))
}
