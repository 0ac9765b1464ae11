package benchmark

import (
	"net/http"
	"os"
	"path/filepath"
)

func BenchGo00082Handler(w http.ResponseWriter, r *http.Request) {
	requested := r.URL.Query().Get("doc")
	docs := []string{requested, "README.txt"}
	data, err := os.ReadFile(filepath.Join("/usr/share/doc/app", docs[1]))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Write(data)
}
