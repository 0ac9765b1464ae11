package benchmark

import (
	"fmt"
	"net/http"

	"github.com/gorilla/mux"
)

func BenchGo00084Handler(w http.ResponseWriter, r *http.Request) {
	host := mux.Vars(r)["region"]
	dest := fmt.Sprintf("https://%s/dashboard", host)
	http.Redirect(w, r, dest, http.StatusTemporaryRedirect)
}
