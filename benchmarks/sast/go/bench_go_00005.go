package benchmark

import (
	"fmt"
	"net/http"

	"github.com/go-ldap/ldap/v3"
	"github.com/gorilla/mux"
)

func groupFilter00005(group string) string {
	return fmt.Sprintf("(&(objectClass=groupOfNames)(cn=%s))", group)
}

func BenchGo00005Handler(conn *ldap.Conn) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		group := mux.Vars(r)["group"]
		req := ldap.NewSearchRequest("ou=groups,dc=example,dc=org", ldap.ScopeWholeSubtree,
			ldap.NeverDerefAliases, 0, 0, false, groupFilter00005(group), []string{"member"}, nil)
		res, err := conn.Search(req)
		if err != nil {
			http.Error(w, "search failed", http.StatusInternalServerError)
			return
		}
		for _, e := range res.Entries {
			fmt.Fprintln(w, e.GetAttributeValues("member"))
		}
	}
}
