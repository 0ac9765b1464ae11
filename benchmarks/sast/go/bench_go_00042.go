package benchmark

import (
	"net/http"
)

func BenchGo00042Handler(w http.ResponseWriter, r *http.Request) {
	token := issueToken00042(r.PostFormValue("user"))
	http.SetCookie(w, &http.Cookie{
		Name:     "session",
		Value:    token,
		Path:     "/",
		HttpOnly: true,
	})
}

func issueToken00042(user string) string { return user }
