// Test cases for injection.yaml (semgrep --test). Never compiled or run.
package handlers

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"html/template"
	"log"
	"net/http"
	"net/url"
	"os/exec"
	"strconv"
	"strings"

	"github.com/antchfx/xmlquery"
	"github.com/antchfx/xpath"
	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/go-ldap/ldap/v3"
	"github.com/gorilla/mux"
	"github.com/jmoiron/sqlx"
	"github.com/labstack/echo/v4"
	"github.com/lib/pq"
	"github.com/sirupsen/logrus"
	"gorm.io/gorm"
)

var db *sql.DB
var dbx *sqlx.DB
var orm *gorm.DB

const usersTable = "users"

type filter struct {
	Name  string `json:"name"`
	Order string `json:"order"`
}

func sqlHandler(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: shiftleft.go.sql-injection
	db.Query("SELECT id FROM users WHERE name = '" + name + "'")
	q := fmt.Sprintf("DELETE FROM sessions WHERE token = '%s'", r.FormValue("token"))
	// ruleid: shiftleft.go.sql-injection
	db.Exec(q)
	// ruleid: shiftleft.go.sql-injection
	db.QueryRowContext(r.Context(), "SELECT * FROM t WHERE k = "+r.Header.Get("X-Key"))
	var b strings.Builder
	b.WriteString("SELECT * FROM items WHERE owner = '")
	b.WriteString(r.PostFormValue("owner"))
	b.WriteString("'")
	// ruleid: shiftleft.go.sql-injection
	db.Query(b.String())

	// ok: shiftleft.go.sql-injection
	db.Query("SELECT id FROM users WHERE name = $1", name)
	// ok: shiftleft.go.sql-injection
	db.QueryRowContext(r.Context(), "SELECT * FROM t WHERE k = ?", r.Header.Get("X-Key"))
	id, err := strconv.Atoi(r.FormValue("id"))
	if err != nil {
		return
	}
	// ok: shiftleft.go.sql-injection
	db.Exec(fmt.Sprintf("DELETE FROM t WHERE id = %d", id))
	// ok: shiftleft.go.sql-injection
	db.Query("SELECT * FROM " + usersTable)
	// ok: shiftleft.go.sql-injection
	db.Query("SELECT * FROM t ORDER BY " + pq.QuoteIdentifier(r.FormValue("col")))
}

func sqlJSONHandler(w http.ResponseWriter, r *http.Request) {
	var f filter
	if err := json.NewDecoder(r.Body).Decode(&f); err != nil {
		return
	}
	var out []string
	// ruleid: shiftleft.go.sql-injection
	dbx.Select(&out, "SELECT name FROM t WHERE name LIKE '%"+f.Name+"%'")
	// ruleid: shiftleft.go.sql-injection
	orm.Order(f.Order).Find(&out)
	// ok: shiftleft.go.sql-injection
	orm.Where("name = ?", f.Name).Find(&out)
	// ok: shiftleft.go.sql-injection
	dbx.Get(&out, "SELECT name FROM t WHERE name = ?", f.Name)
}

func sqlGin(c *gin.Context) {
	user := c.Param("user")
	// ruleid: shiftleft.go.sql-injection
	orm.Raw("SELECT * FROM accounts WHERE user = '" + user + "'").Scan(nil)
	// ruleid: shiftleft.go.sql-injection
	orm.Where(fmt.Sprintf("email = '%s'", c.Query("email"))).First(nil)
	// ok: shiftleft.go.sql-injection
	orm.Raw("SELECT * FROM accounts WHERE user = ?", user).Scan(nil)
}

func sqlMuxChi(w http.ResponseWriter, r *http.Request) {
	vars := mux.Vars(r)
	// ruleid: shiftleft.go.sql-injection
	db.Query("SELECT * FROM t WHERE id = " + vars["id"])
	// ruleid: shiftleft.go.sql-injection
	db.Exec("UPDATE t SET seen = 1 WHERE slug = '" + chi.URLParam(r, "slug") + "'")
}

func sqlEcho(c echo.Context) error {
	// ruleid: shiftleft.go.sql-injection
	_, err := db.ExecContext(context.Background(), "DELETE FROM t WHERE n = '"+c.QueryParam("n")+"'")
	return err
}

// helpers without a request in scope: the audit rule
func findUser(ctx context.Context, name string) (*sql.Rows, error) {
	// ruleid: shiftleft.go.sql-string-built
	return db.QueryContext(ctx, "SELECT * FROM users WHERE name = '"+name+"'")
}

func deleteBy(column, value string) {
	query := fmt.Sprintf("DELETE FROM t WHERE %s = '%s'", column, value)
	// ruleid: shiftleft.go.sql-string-built
	db.Exec(query)
}

func countRows(table string) {
	// ruleid: shiftleft.go.sql-string-built
	db.QueryRow(fmt.Sprintf("SELECT count(*) FROM %s", table))
	// ok: shiftleft.go.sql-string-built
	db.QueryRow(fmt.Sprintf("SELECT count(*) FROM %s", usersTable))
	// ok: shiftleft.go.sql-string-built
	db.QueryRow("SELECT count(*) FROM t WHERE a = $1", table)
	// ok: shiftleft.go.sql-string-built
	db.QueryRow(fmt.Sprintf("SELECT * FROM t LIMIT %d", 10))
	// ok: shiftleft.go.sql-string-built
	db.Exec("SELECT * FROM t WHERE id = " + strconv.Itoa(len(table)))
	// ok: shiftleft.go.sql-string-built
	db.Exec("SELECT * FROM " + pq.QuoteIdentifier(table))
}

func cmdHandler(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	// ruleid: shiftleft.go.command-injection
	exec.Command("sh", "-c", "ping -c 1 "+host).Run()
	script := fmt.Sprintf("tar czf /tmp/out.tgz %s", r.FormValue("dir"))
	// ruleid: shiftleft.go.command-injection
	exec.CommandContext(r.Context(), "/bin/bash", "-c", script).Output()
	tool := r.FormValue("tool")
	// ruleid: shiftleft.go.command-injection
	exec.Command(tool, "--version").Run()
	cmd := exec.Command("true")
	// ruleid: shiftleft.go.command-injection
	cmd.Path = r.Header.Get("X-Bin")

	// ok: shiftleft.go.command-injection
	exec.Command("ping", "-c", "1", "--", host).Run()
	// ok: shiftleft.go.command-injection
	exec.Command("sh", "-c", "uptime").Run()
	n, _ := strconv.Atoi(r.FormValue("n"))
	// ok: shiftleft.go.command-injection
	exec.Command("sh", "-c", fmt.Sprintf("sleep %d", n)).Run()
}

func cmdGin(c *gin.Context) {
	// ruleid: shiftleft.go.command-injection
	exec.Command("cmd.exe", "/c", "dir "+c.Query("path")).Run()
	// ok: shiftleft.go.command-injection
	exec.Command("ls", c.Query("path")).Run()
}

func runScript(ctx context.Context, dir string) {
	// ruleid: shiftleft.go.shell-command-built
	exec.CommandContext(ctx, "sh", "-c", "cd "+dir+" && make").Run()
	line := "git log " + dir
	// ruleid: shiftleft.go.shell-command-built
	exec.Command("bash", "-c", line).Run()
	// ok: shiftleft.go.shell-command-built
	exec.Command("sh", "-c", "make clean && make").Run()
	// ok: shiftleft.go.shell-command-built
	exec.Command("git", "-C", dir, "log").Run()
}

func ldapHandler(w http.ResponseWriter, r *http.Request, conn *ldap.Conn) {
	user := r.FormValue("user")
	// ruleid: shiftleft.go.ldap-injection
	req := ldap.NewSearchRequest("dc=example,dc=org", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(uid="+user+")", []string{"dn"}, nil)
	conn.Search(req)
	flt := fmt.Sprintf("(&(objectClass=person)(mail=%s))", r.URL.Query().Get("mail"))
	// ruleid: shiftleft.go.ldap-injection
	conn.Search(&ldap.SearchRequest{BaseDN: "dc=example,dc=org", Filter: flt})
	// ruleid: shiftleft.go.ldap-injection
	conn.Bind("uid="+user+",ou=people,dc=example,dc=org", r.FormValue("pw"))

	// ok: shiftleft.go.ldap-injection
	safe := ldap.NewSearchRequest("dc=example,dc=org", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, "(uid="+ldap.EscapeFilter(user)+")", []string{"dn"}, nil)
	conn.Search(safe)
	// ok: shiftleft.go.ldap-injection
	conn.Bind("uid="+ldap.EscapeDN(user)+",ou=people,dc=example,dc=org", r.FormValue("pw"))
	// ok: shiftleft.go.ldap-injection
	conn.Search(&ldap.SearchRequest{BaseDN: "dc=example,dc=org", Filter: "(objectClass=person)"})
}

func xpathHandler(w http.ResponseWriter, r *http.Request, doc *xmlquery.Node) {
	name := r.FormValue("name")
	// ruleid: shiftleft.go.xpath-injection
	xmlquery.Find(doc, "//user[name='"+name+"']")
	expr := fmt.Sprintf("//book[@id='%s']/title", r.URL.Query().Get("id"))
	// ruleid: shiftleft.go.xpath-injection
	xpath.MustCompile(expr)
	// ok: shiftleft.go.xpath-injection
	for _, n := range xmlquery.Find(doc, "//user/name") {
		_ = n.InnerText() == name
	}
	id, _ := strconv.Atoi(r.FormValue("id"))
	// ok: shiftleft.go.xpath-injection
	xmlquery.FindOne(doc, fmt.Sprintf("//book[%d]", id))
}

func templateHandler(w http.ResponseWriter, r *http.Request) {
	// ruleid: shiftleft.go.template-injection
	t, _ := template.New("page").Parse("<h1>Hello " + r.FormValue("name") + "</h1>")
	t.Execute(w, nil)
	t3 := template.New("mail")
	// ruleid: shiftleft.go.template-injection
	t3.Parse(r.PostFormValue("body"))
	// ok: shiftleft.go.template-injection
	u, _ := url.Parse(r.FormValue("next"))
	_ = u
	// ok: shiftleft.go.template-injection
	t2 := template.Must(template.New("page").Parse("<h1>Hello {{.}}</h1>"))
	t2.Execute(w, r.FormValue("name"))
}

func logHandler(w http.ResponseWriter, r *http.Request, lg *log.Logger) {
	user := r.FormValue("user")
	// ruleid: shiftleft.go.log-injection
	log.Printf("login failed for %s", user)
	// ruleid: shiftleft.go.log-injection
	lg.Println("path:", r.URL.Path)
	// ruleid: shiftleft.go.log-injection
	logrus.Infof("agent %s", r.UserAgent())

	// ok: shiftleft.go.log-injection
	log.Printf("login failed for %q", user)
	// ok: shiftleft.go.log-injection
	log.Printf("login failed for %s", strings.ReplaceAll(user, "\n", ""))
	// ok: shiftleft.go.log-injection
	log.Println("login failed")
	// ok: shiftleft.go.log-injection
	log.Printf("body size %d", len(user))
}
