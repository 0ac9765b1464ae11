package benchmark

import (
	"net/http"
)

var cookieDefaults00045 = map[string]http.Cookie{
	"session": {Name: "session", Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode},
}

func BenchGo00045Handler(w http.ResponseWriter, r *http.Request) {
	c := cookieDefaults00045["session"]
	c.Value = r.Header.Get("X-Session")
	http.SetCookie(w, &c)
}
