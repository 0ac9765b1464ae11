package benchmark

import (
	"html/template"
	"net/http"
)

var page00050 = template.Must(template.New("page").Parse(`<html><body><div>{{.}}</div></body></html>`))

func BenchGo00050Handler(w http.ResponseWriter, r *http.Request) {
	comment := r.PostFormValue("comment")
	w.Header().Set("Content-Type", "text/html")
	page00050.Execute(w, comment)
}
