package benchmark

import (
	"math/rand"
	"net/http"
)

const letters00005 = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func BenchGo00005Handler(w http.ResponseWriter, r *http.Request) {
	b := make([]byte, 32)
	for i := range b {
		b[i] = letters00005[rand.Intn(len(letters00005))]
	}
	http.SetCookie(w, &http.Cookie{Name: "session", Value: string(b), Secure: true, HttpOnly: true})
}
