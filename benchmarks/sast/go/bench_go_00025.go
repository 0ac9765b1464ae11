package benchmark

import (
	"net/http"
)

var destinations00025 = map[string]string{
	"orders":  "/account/orders",
	"profile": "/account/profile",
}

func BenchGo00025Handler(w http.ResponseWriter, r *http.Request) {
	dest, ok := destinations00025[r.URL.Query().Get("next")]
	if !ok {
		dest = "/home"
	}
	http.Redirect(w, r, dest, http.StatusFound)
}
