package benchmark

import (
	"fmt"
	"net/http"

	"gorm.io/gorm"
)

type user00076 struct {
	ID   uint
	Name string
}

func BenchGo00076Handler(db *gorm.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		var users []user00076
		db.Where("name = ?", name).Find(&users)
		fmt.Fprintln(w, len(users))
	}
}
