package benchmark

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"
)

func BenchGo00004Handler(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(mux.Vars(r)["id"])
	if err != nil {
		http.NotFound(w, r)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/orders/%d", id), http.StatusMovedPermanently)
}
