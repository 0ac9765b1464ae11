package benchmark

import (
	"bytes"
	"net/http"

	"github.com/gorilla/mux"
)

func banner00083(msg string) []byte {
	var buf bytes.Buffer
	buf.WriteString("<div class='flash'>")
	buf.WriteString(msg)
	buf.WriteString("</div>")
	return buf.Bytes()
}

func BenchGo00083Handler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	w.Write(banner00083(mux.Vars(r)["msg"]))
}
