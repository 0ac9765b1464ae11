package benchmark

import (
	"net/http"
)

func BenchGo00035Handler(w http.ResponseWriter, r *http.Request) {
	token := issueToken00035(r.PostFormValue("user"))
	http.SetCookie(w, &http.Cookie{
		Name:     "session",
		Value:    token,
		Path:     "/",
		Secure:   true,
		HttpOnly: true,
		SameSite: http.SameSiteStrictMode,
	})
}

func issueToken00035(user string) string { return user }
