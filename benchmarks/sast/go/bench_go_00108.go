package benchmark

import (
	"net/http"
)

func BenchGo00108Handler(w http.ResponseWriter, r *http.Request) {
	c := &http.Cookie{Name: "remember_me", Value: r.FormValue("remember"), MaxAge: 30 * 24 * 3600}
	c.Secure = true
	c.HttpOnly = true
	http.SetCookie(w, c)
}
