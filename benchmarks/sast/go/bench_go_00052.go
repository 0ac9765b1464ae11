package benchmark

import (
	"net/http"
)

func cartCookie00052(value string) *http.Cookie {
	return &http.Cookie{Name: "cart", Value: value, MaxAge: 3600}
}

func BenchGo00052Handler(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, cartCookie00052(r.URL.Query().Get("cart")))
}
