package benchmark

import (
	"net/http"
)

const secureCookies00089 = false

func BenchGo00089Handler(w http.ResponseWriter, r *http.Request) {
	cookie := http.Cookie{
		Name:     "auth",
		Value:    r.Header.Get("X-Token"),
		Secure:   secureCookies00089,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	}
	http.SetCookie(w, &cookie)
}
