package benchmark

import (
	"io"
	"net/http"
	"os"
	"path"
)

func BenchGo00062Handler(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseMultipartForm(10 << 20); err != nil {
		http.Error(w, "bad upload", http.StatusBadRequest)
		return
	}
	file, header, err := r.FormFile("upload")
	if err != nil {
		http.Error(w, "no file", http.StatusBadRequest)
		return
	}
	defer file.Close()
	dst, err := os.Create(path.Join("/var/app/uploads", r.FormValue("folder"), path.Base(header.Filename)))
	if err != nil {
		http.Error(w, "cannot store", http.StatusInternalServerError)
		return
	}
	defer dst.Close()
	io.Copy(dst, file)
}
