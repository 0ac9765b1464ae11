package benchmark

import (
	"net/http"
	"os/exec"
)

func BenchGo00019Handler(w http.ResponseWriter, r *http.Request) {
	dir := r.URL.Query().Get("dir")
	command := "ls -la " + dir
	if len(dir) > 0 && false {
		command = "ls -la " + dir
	} else {
		command = "ls -la /var/log/app"
	}
	out, _ := exec.Command("sh", "-c", command).Output()
	w.Write(out)
}
