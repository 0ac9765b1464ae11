package benchmark

import (
	"math/rand"
	"net/http"
)

const letters00021 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func BenchGo00021Handler(w http.ResponseWriter, r *http.Request) {
	b := make([]byte, 32)
	for i := range b {
		b[i] = letters00021[rand.Intn(len(letters00021))]
	}
	http.SetCookie(w, &http.Cookie{Name: "session", Value: string(b), Secure: true, HttpOnly: true})
}
