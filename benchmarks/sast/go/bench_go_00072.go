package benchmark

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"net/http"
)

func BenchGo00072Handler(key []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		block, err := aes.NewCipher(key)
		if err != nil {
			http.Error(w, "cipher", http.StatusInternalServerError)
			return
		}
		gcm, err := cipher.NewGCM(block)
		if err != nil {
			http.Error(w, "cipher", http.StatusInternalServerError)
			return
		}
		nonce := make([]byte, gcm.NonceSize())
		if _, err := rand.Read(nonce); err != nil {
			return
		}
		sealed := gcm.Seal(nonce, nonce, []byte(r.FormValue("data")), nil)
		w.Write([]byte(base64.StdEncoding.EncodeToString(sealed)))
	}
}
