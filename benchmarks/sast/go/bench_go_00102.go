package benchmark

import (
	"net/http"
	"os/exec"
	"strings"
)

func BenchGo00102Handler(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	domain := r.PostForm.Get("domain")
	var sb strings.Builder
	sb.WriteString("dig +short ")
	sb.WriteString(domain)
	out, _ := exec.Command("bash", "-c", sb.String()).Output()
	w.Write(out)
}
