package benchmark

import (
	"net/http"
	"text/template"
)

var page00006 = template.Must(template.New("page").Parse(`<html><body><div>{{.}}</div></body></html>`))

func BenchGo00006Handler(w http.ResponseWriter, r *http.Request) {
	comment := r.PostFormValue("comment")
	w.Header().Set("Content-Type", "text/html")
	page00006.Execute(w, comment)
}
