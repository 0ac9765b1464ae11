package benchmark

import (
	"html/template"
	"net/http"
)

var card00067 = template.Must(template.New("card").Parse(`<div class="bio">{{.Bio}}</div>`))

type profile00067 struct {
	Bio template.HTML
}

func BenchGo00067Handler(w http.ResponseWriter, r *http.Request) {
	bio := r.URL.Query().Get("bio")
	card00067.Execute(w, profile00067{Bio: template.HTML(bio)})
}
