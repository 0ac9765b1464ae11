package benchmark

import (
	"net/http"
)

func BenchGo00027Handler(w http.ResponseWriter, r *http.Request) {
	token := issueToken00027(r.PostFormValue("user"))
	http.SetCookie(w, &http.Cookie{
		Name:     "session",
		Value:    token,
		Path:     "/",
		HttpOnly: true,
	})
}

func issueToken00027(user string) string { return user }
