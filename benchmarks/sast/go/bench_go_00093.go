package benchmark

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/go-ldap/ldap/v3"
)

func BenchGo00093Handler(conn *ldap.Conn) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		group := r.URL.Query().Get("group")
		filter := "(cn=admins)"
		if strings.HasPrefix("static", "dyn") {
			filter = "(cn=" + group + ")"
		}
		res, err := conn.Search(ldap.NewSearchRequest("ou=groups,dc=example,dc=org", ldap.ScopeWholeSubtree,
			ldap.NeverDerefAliases, 0, 0, false, filter, []string{"member"}, nil))
		if err != nil {
			http.Error(w, "search failed", http.StatusInternalServerError)
			return
		}
		fmt.Fprintln(w, len(res.Entries))
	}
}
