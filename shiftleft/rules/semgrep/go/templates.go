// Test cases for templates.yaml (semgrep --test). Never compiled or run.
package pages

import (
	"net/http"
	"os"
	"text/template"

	"github.com/gin-gonic/gin"
)

var page = template.Must(template.New("p").Parse("<h1>Hello {{.Name}}</h1>"))

func show(w http.ResponseWriter, r *http.Request) {
	// ruleid: shiftleft.go.text-template-html-response
	page.Execute(w, map[string]string{"Name": r.FormValue("name")})
	// ruleid: shiftleft.go.text-template-html-response
	page.ExecuteTemplate(w, "p", nil)
}

func showGin(c *gin.Context) {
	// ruleid: shiftleft.go.text-template-html-response
	page.Execute(c.Writer, c.Query("name"))
}

func generate(f *os.File) {
	// ok: shiftleft.go.text-template-html-response
	page.Execute(os.Stdout, nil)
	// ok: shiftleft.go.text-template-html-response
	page.Execute(f, map[string]string{"Name": "build"})
}
