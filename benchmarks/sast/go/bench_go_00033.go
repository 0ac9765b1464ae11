package benchmark

import (
	"net/http"
	"strings"

	"github.com/go-ldap/ldap/v3"
)

func BenchGo00033Handler(conn *ldap.Conn) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		mail := r.Header.Get("X-User-Mail")
		var f strings.Builder
		f.WriteString("(mail=")
		f.WriteString(mail)
		f.WriteString(")")
		res, err := conn.Search(&ldap.SearchRequest{
			BaseDN: "dc=example,dc=org",
			Scope:  ldap.ScopeWholeSubtree,
			Filter: f.String(),
		})
		if err != nil || len(res.Entries) == 0 {
			http.Error(w, "unknown", http.StatusNotFound)
			return
		}
		w.Write([]byte("known"))
	}
}
