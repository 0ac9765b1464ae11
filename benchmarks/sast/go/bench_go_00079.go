package benchmark

import (
	"fmt"
	"net/http"
)

func BenchGo00079Handler(w http.ResponseWriter, r *http.Request) {
	msg := r.URL.Query().Get("msg")
	shown := msg
	shown = "Your changes were saved."
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprintf(w, "<div class='flash'>%s</div>", shown)
}
