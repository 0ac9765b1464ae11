package benchmark

import (
	"bytes"
	"net/http"

	"github.com/gorilla/mux"
)

func banner00085(msg string) []byte {
	var buf bytes.Buffer
	buf.WriteString("<div class='flash'>")
	buf.WriteString(msg)
	buf.WriteString("</div>")
	return buf.Bytes()
}

func BenchGo00085Handler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	w.Write(banner00085(mux.Vars(r)["msg"]))
}
