package benchmark

import (
	"net"
	"net/http"
	"os/exec"
)

func BenchGo00111Handler(w http.ResponseWriter, r *http.Request) {
	ip := net.ParseIP(r.URL.Query().Get("host"))
	if ip == nil {
		http.Error(w, "not an IP address", http.StatusBadRequest)
		return
	}
	out, err := exec.Command("ping", "-c", "1", ip.String()).CombinedOutput()
	if err != nil {
		http.Error(w, "ping failed", http.StatusBadGateway)
		return
	}
	w.Write(out)
}
