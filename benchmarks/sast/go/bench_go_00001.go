package benchmark

import (
	"fmt"
	"net/http"
	"os/exec"
	"strconv"
)

func BenchGo00001Handler(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.FormValue("count"))
	if err != nil {
		http.Error(w, "count must be a number", http.StatusBadRequest)
		return
	}
	out, _ := exec.Command("sh", "-c", fmt.Sprintf("ping -c %d 10.0.0.1", n)).Output()
	w.Write(out)
}
