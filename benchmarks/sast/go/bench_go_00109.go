package benchmark

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
)

func newToken00109() string {
	buf := make([]byte, 16)
	if _, err := rand.Read(buf); err != nil {
		panic(err)
	}
	return hex.EncodeToString(buf)
}

func BenchGo00109Handler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-CSRF-Token", newToken00109())
}
