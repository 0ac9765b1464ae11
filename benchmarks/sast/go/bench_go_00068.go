package benchmark

import (
	"crypto/rand"
	"math/big"
	"net/http"
)

const letters00068 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func BenchGo00068Handler(w http.ResponseWriter, r *http.Request) {
	b := make([]byte, 32)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(letters00068))))
		if err != nil {
			http.Error(w, "entropy", http.StatusInternalServerError)
			return
		}
		b[i] = letters00068[n.Int64()]
	}
	http.SetCookie(w, &http.Cookie{Name: "session", Value: string(b), Secure: true, HttpOnly: true})
}
