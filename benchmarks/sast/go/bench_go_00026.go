package benchmark

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
)

func BenchGo00026Handler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("file")
	f, err := os.Open(filepath.Join("/var/app/uploads", name))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	io.Copy(w, f)
}
