package benchmark

import (
	"crypto/rand"
	"net/http"

	"golang.org/x/crypto/chacha20poly1305"
)

func BenchGo00052Handler(key []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		aead, err := chacha20poly1305.NewX(key)
		if err != nil {
			http.Error(w, "cipher", http.StatusInternalServerError)
			return
		}
		nonce := make([]byte, aead.NonceSize())
		rand.Read(nonce)
		w.Write(aead.Seal(nonce, nonce, []byte(r.FormValue("data")), nil))
	}
}
