package benchmark

import (
	"fmt"
	"net/http"

	"github.com/go-ldap/ldap/v3"
)

func BenchGo00073Handler(conn *ldap.Conn) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user := r.URL.Query().Get("user")
		req := ldap.NewSearchRequest(
			"ou=people,dc=example,dc=org",
			ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false,
			"(&(objectClass=person)(uid="+user+"))",
			[]string{"dn", "cn"},
			nil,
		)
		res, err := conn.Search(req)
		if err != nil {
			http.Error(w, "search failed", http.StatusInternalServerError)
			return
		}
		fmt.Fprintln(w, len(res.Entries))
	}
}
