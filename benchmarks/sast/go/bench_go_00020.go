package benchmark

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/gorilla/mux"
)

const baseDir00020 = "/srv/reports"

func BenchGo00020Handler(w http.ResponseWriter, r *http.Request) {
	target := filepath.Clean(filepath.Join(baseDir00020, mux.Vars(r)["report"]))
	if !strings.HasPrefix(target, baseDir00020+string(os.PathSeparator)) {
		http.Error(w, "invalid path", http.StatusBadRequest)
		return
	}
	data, err := os.ReadFile(target)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Write(data)
}
