package benchmark

import (
	"net/http"

	"github.com/google/uuid"
)

func BenchGo00036Handler(w http.ResponseWriter, r *http.Request) {
	id := uuid.New()
	http.SetCookie(w, &http.Cookie{Name: "device", Value: id.String(), Secure: true, HttpOnly: true})
}
