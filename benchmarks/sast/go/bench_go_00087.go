package benchmark

import (
	"fmt"
	"net/http"

	"gorm.io/gorm"
)

type user00087 struct {
	ID   uint
	Name string
}

func BenchGo00087Handler(db *gorm.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		var users []user00087
		db.Raw("SELECT id, name FROM users WHERE name = '" + name + "'").Scan(&users)
		fmt.Fprintln(w, len(users))
	}
}
