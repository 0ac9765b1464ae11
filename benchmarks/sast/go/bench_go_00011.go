package benchmark

import (
	"encoding/hex"
	mrand "math/rand"
	"net/http"
)

func newToken00011() string {
	buf := make([]byte, 16)
	mrand.Read(buf)
	return hex.EncodeToString(buf)
}

func BenchGo00011Handler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-CSRF-Token", newToken00011())
}
