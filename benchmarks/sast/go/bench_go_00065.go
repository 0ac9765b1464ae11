package benchmark

import (
	"html/template"
	"net/http"
)

var card00065 = template.Must(template.New("card").Parse(`<div class="bio">{{.Bio}}</div>`))

type profile00065 struct {
	Bio template.HTML
}

func BenchGo00065Handler(w http.ResponseWriter, r *http.Request) {
	bio := r.URL.Query().Get("bio")
	card00065.Execute(w, profile00065{Bio: template.HTML(bio)})
}
