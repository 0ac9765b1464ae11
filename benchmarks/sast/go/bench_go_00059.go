package benchmark

import (
	"net/http"
)

const secureCookies00059 = false

func BenchGo00059Handler(w http.ResponseWriter, r *http.Request) {
	cookie := http.Cookie{
		Name:     "auth",
		Value:    r.Header.Get("X-Token"),
		Secure:   secureCookies00059,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
	}
	http.SetCookie(w, &cookie)
}
