package benchmark

import (
	"io/fs"
	"net/http"
	"os"
)

func BenchGo00069Handler(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("path")
	if !fs.ValidPath(name) {
		http.Error(w, "invalid path", http.StatusBadRequest)
		return
	}
	data, err := fs.ReadFile(os.DirFS("/srv/static"), name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Write(data)
}
