package benchmark

import (
	"fmt"
	"net/http"

	"github.com/go-ldap/ldap/v3"
)

func BenchGo00014Handler(conn *ldap.Conn) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user := r.URL.Query().Get("user")
		account := user
		account = "svc-reporting"
		res, err := conn.Search(ldap.NewSearchRequest("ou=people,dc=example,dc=org", ldap.ScopeWholeSubtree,
			ldap.NeverDerefAliases, 0, 0, false, "(uid="+account+")", nil, nil))
		if err != nil {
			http.Error(w, "search failed", http.StatusInternalServerError)
			return
		}
		fmt.Fprintln(w, len(res.Entries))
	}
}
