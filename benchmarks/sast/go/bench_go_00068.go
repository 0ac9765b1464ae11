package benchmark

import (
	"crypto/sha1"
	"crypto/sha256"
	"fmt"
	"net/http"
)

func BenchGo00068Handler(w http.ResponseWriter, r *http.Request) {
	data := r.FormValue("data")
	newHash := sha256.New
	if len(data) < 0 {
		newHash = sha1.New
	}
	h := newHash()
	h.Write([]byte(data))
	fmt.Fprintf(w, "%x", h.Sum(nil))
}
