package benchmark

import (
	"fmt"
	"net/http"
	"regexp"

	"github.com/go-ldap/ldap/v3"
)

var userPattern00071 = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

func BenchGo00071Handler(conn *ldap.Conn) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		user := r.FormValue("user")
		if !userPattern00071.MatchString(user) {
			http.Error(w, "bad user name", http.StatusBadRequest)
			return
		}
		filter := fmt.Sprintf("(uid=%s)", user)
		res, err := conn.Search(ldap.NewSearchRequest("ou=people,dc=example,dc=org", ldap.ScopeWholeSubtree,
			ldap.NeverDerefAliases, 1, 0, false, filter, []string{"cn"}, nil))
		if err != nil {
			http.Error(w, "search failed", http.StatusInternalServerError)
			return
		}
		fmt.Fprintln(w, len(res.Entries))
	}
}
