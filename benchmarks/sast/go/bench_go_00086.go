package benchmark

import (
	"net/http"

	"github.com/go-ldap/ldap/v3"
)

func BenchGo00086Handler(conn *ldap.Conn) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user := r.PostFormValue("user")
		password := r.PostFormValue("password")
		dn := "uid=" + ldap.EscapeDN(user) + ",ou=people,dc=example,dc=org"
		if err := conn.Bind(dn, password); err != nil {
			http.Error(w, "denied", http.StatusUnauthorized)
			return
		}
		w.Write([]byte("welcome"))
	}
}
