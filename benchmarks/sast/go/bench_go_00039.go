package benchmark

import (
	"net/http"
	"os/exec"

	"github.com/gorilla/mux"
)

func runTool00039(name string, args ...string) ([]byte, error) {
	return exec.Command(name, args...).Output()
}

func BenchGo00039Handler(w http.ResponseWriter, r *http.Request) {
	tool := mux.Vars(r)["tool"]
	out, err := runTool00039(tool, "--version")
	if err != nil {
		http.Error(w, "unknown tool", http.StatusNotFound)
		return
	}
	w.Write(out)
}
