package benchmark

import (
	"encoding/hex"
	mrand "math/rand"
	"net/http"
)

func newToken00021() string {
	buf := make([]byte, 16)
	mrand.Read(buf)
	return hex.EncodeToString(buf)
}

func BenchGo00021Handler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-CSRF-Token", newToken00021())
}
