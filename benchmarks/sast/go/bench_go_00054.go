package benchmark

import (
	"net/http"

	"github.com/gorilla/sessions"
)

var store00054 = sessions.NewCookieStore([]byte("replace-with-32-byte-key-from-env"))

func BenchGo00054Handler(w http.ResponseWriter, r *http.Request) {
	session, _ := store00054.Get(r, "app-session")
	session.Options = &sessions.Options{Path: "/", MaxAge: 86400, HttpOnly: true, Secure: true}
	session.Values["user"] = r.FormValue("user")
	session.Save(r, w)
}
