package benchmark

import (
	"fmt"
	"net/http"

	"github.com/go-ldap/ldap/v3"
)

func BenchGo00002Handler(conn *ldap.Conn) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		attrs := map[string]string{"objectClass": "person"}
		attrs["department"] = r.URL.Query().Get("dept")
		filter := "(&"
		for _, k := range []string{"objectClass", "department"} {
			filter += "(" + k + "=" + attrs[k] + ")"
		}
		filter += ")"
		res, err := conn.Search(ldap.NewSearchRequest("ou=people,dc=example,dc=org", ldap.ScopeWholeSubtree,
			ldap.NeverDerefAliases, 0, 0, false, filter, []string{"uid"}, nil))
		if err != nil {
			http.Error(w, "search failed", http.StatusInternalServerError)
			return
		}
		fmt.Fprintln(w, len(res.Entries))
	}
}
