package benchmark

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"net/http"
)

func BenchGo00077Handler(pub *rsa.PublicKey) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		secret := []byte(r.PostFormValue("secret"))
		out, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, pub, secret, nil)
		if err != nil {
			http.Error(w, "encrypt failed", http.StatusInternalServerError)
			return
		}
		w.Write(out)
	}
}
