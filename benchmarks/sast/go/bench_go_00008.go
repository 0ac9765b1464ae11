package benchmark

import (
	"net/http"
	"os/exec"
)

var reports00008 = map[string]string{
	"daily":  "/opt/reports/daily.sh",
	"weekly": "/opt/reports/weekly.sh",
}

func BenchGo00008Handler(w http.ResponseWriter, r *http.Request) {
	script, ok := reports00008[r.URL.Query().Get("report")]
	if !ok {
		http.Error(w, "unknown report", http.StatusNotFound)
		return
	}
	if err := exec.Command("sh", "-c", script).Start(); err != nil {
		http.Error(w, "failed", http.StatusInternalServerError)
	}
}
