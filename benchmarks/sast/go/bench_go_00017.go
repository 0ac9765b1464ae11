package benchmark

import (
	"net/http"

	"golang.org/x/crypto/bcrypt"
)

func BenchGo00017Handler(w http.ResponseWriter, r *http.Request) {
	password := r.PostFormValue("password")
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		http.Error(w, "hash failed", http.StatusInternalServerError)
		return
	}
	w.Write(hash)
}
