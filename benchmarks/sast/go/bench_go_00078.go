package benchmark

import (
	"fmt"
	"net/http"

	"gorm.io/gorm"
)

type user00078 struct {
	ID   uint
	Name string
}

func BenchGo00078Handler(db *gorm.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Query().Get("name")
		var users []user00078
		db.Where("name = ?", name).Find(&users)
		fmt.Fprintln(w, len(users))
	}
}
