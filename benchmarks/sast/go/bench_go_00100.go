package benchmark

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"net/http"
)

func BenchGo00100Handler(key []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		mac := hmac.New(sha512.New, key)
		mac.Write([]byte(r.FormValue("payload")))
		w.Write([]byte(hex.EncodeToString(mac.Sum(nil))))
	}
}
