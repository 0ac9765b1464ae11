package benchmark

import (
	"fmt"
	"net/http"
	"os/exec"
)

func BenchGo00051Handler(w http.ResponseWriter, r *http.Request) {
	file := r.FormValue("file")
	script := fmt.Sprintf("convert %s -resize 64x64 /tmp/thumb.png", file)
	cmd := exec.CommandContext(r.Context(), "/bin/bash", "-c", script)
	if err := cmd.Run(); err != nil {
		http.Error(w, "convert failed", http.StatusInternalServerError)
		return
	}
	fmt.Fprintln(w, "ok")
}
