package benchmark

import (
	"net/http"
	"os/exec"
	"regexp"
)

var refPattern00047 = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$`)

func BenchGo00047Handler(w http.ResponseWriter, r *http.Request) {
	ref := r.URL.Query().Get("ref")
	if !refPattern00047.MatchString(ref) {
		http.Error(w, "bad ref", http.StatusBadRequest)
		return
	}
	out, err := exec.Command("git", "-C", "/srv/repo", "log", "--oneline", "-n", "20", ref, "--").Output()
	if err != nil {
		http.Error(w, "git failed", http.StatusInternalServerError)
		return
	}
	w.Write(out)
}
