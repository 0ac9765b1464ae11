package benchmark

import (
	"io"
	"net/http"
	"os"
)

func BenchGo00038Handler(w http.ResponseWriter, r *http.Request) {
	root, err := os.OpenRoot("/var/app/uploads")
	if err != nil {
		http.Error(w, "unavailable", http.StatusInternalServerError)
		return
	}
	defer root.Close()
	f, err := root.Open(r.URL.Query().Get("file"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	io.Copy(w, f)
}
