package benchmark

import (
	"net/http"
	"os/exec"
)

func BenchGo00088Handler(w http.ResponseWriter, r *http.Request) {
	args := []string{"-c"}
	args = append(args, "tar czf /tmp/backup.tgz "+r.Header.Get("X-Backup-Dir"))
	cmd := exec.Command("sh", args...)
	cmd.Stdout = w
	if err := cmd.Run(); err != nil {
		http.Error(w, "backup failed", http.StatusInternalServerError)
	}
}
