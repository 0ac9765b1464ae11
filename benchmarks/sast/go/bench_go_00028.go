package benchmark

import (
	"crypto/rand"
	"math/big"
	"net/http"
)

const letters00028 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func BenchGo00028Handler(w http.ResponseWriter, r *http.Request) {
	b := make([]byte, 32)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(letters00028))))
		if err != nil {
			http.Error(w, "entropy", http.StatusInternalServerError)
			return
		}
		b[i] = letters00028[n.Int64()]
	}
	http.SetCookie(w, &http.Cookie{Name: "session", Value: string(b), Secure: true, HttpOnly: true})
}
