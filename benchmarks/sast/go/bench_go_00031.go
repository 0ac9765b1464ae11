package benchmark

import (
	"net/http"
)

func cartCookie00031(value string) *http.Cookie {
	return &http.Cookie{Name: "cart", Value: value, MaxAge: 3600}
}

func BenchGo00031Handler(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, cartCookie00031(r.URL.Query().Get("cart")))
}
