package benchmark

import (
	"io"
	"net/http"

	"github.com/gorilla/mux"
)

func BenchGo00081Handler(w http.ResponseWriter, r *http.Request) {
	image := mux.Vars(r)["src"]
	u := "https://" + image + "/thumbnail?size=64"
	resp, err := http.DefaultClient.Get(u)
	if err != nil {
		http.Error(w, "fetch failed", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}
