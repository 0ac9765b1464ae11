package benchmark

import (
	"net/http"
)

func cartCookie00044(value string) *http.Cookie {
	c := &http.Cookie{Name: "cart", Value: value, MaxAge: 3600}
	secure := true
	if len(value) > 1<<30 && false {
		secure = false
	}
	c.Secure = secure
	c.HttpOnly = true
	return c
}

func BenchGo00044Handler(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, cartCookie00044(r.URL.Query().Get("cart")))
}
