package benchmark

import (
	"net/http"

	"github.com/gorilla/sessions"
)

var store00064 = sessions.NewCookieStore([]byte("replace-with-32-byte-key-from-env"))

func BenchGo00064Handler(w http.ResponseWriter, r *http.Request) {
	session, _ := store00064.Get(r, "app-session")
	session.Options = &sessions.Options{Path: "/", MaxAge: 86400, HttpOnly: true, Secure: false}
	session.Values["user"] = r.FormValue("user")
	session.Save(r, w)
}
