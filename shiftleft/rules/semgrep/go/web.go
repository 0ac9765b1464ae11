// Test cases for web.yaml (semgrep --test). Never compiled or run.
package web

import (
	"context"
	"fmt"
	"html"
	"html/template"
	"io"
	"net"
	"net/http"
	// ruleid: shiftleft.go.pprof-exposed
	_ "net/http/pprof"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
	"github.com/gorilla/sessions"
	"github.com/labstack/echo/v4"
)

var store = sessions.NewCookieStore([]byte(nil))

func greet(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: shiftleft.go.xss-response-write
	fmt.Fprintf(w, "<h1>Hello %s</h1>", name)
	// ruleid: shiftleft.go.xss-response-write
	w.Write([]byte("<p>" + r.FormValue("msg") + "</p>"))
	page := strings.Replace("<b>NAME</b>", "NAME", r.Header.Get("X-User"), 1)
	// ruleid: shiftleft.go.xss-response-write
	io.WriteString(w, page)
	// ruleid: shiftleft.go.xss-response-write
	fmt.Fprintln(w, "not found:", r.URL.Path)

	// ok: shiftleft.go.xss-response-write
	fmt.Fprintf(w, "<h1>Hello %s</h1>", html.EscapeString(name))
	// ok: shiftleft.go.xss-response-write
	w.Write([]byte("<p>" + template.HTMLEscapeString(r.FormValue("msg")) + "</p>"))
	n, _ := strconv.Atoi(r.FormValue("n"))
	// ok: shiftleft.go.xss-response-write
	fmt.Fprintf(w, "<p>%d items</p>", n)
	// ok: shiftleft.go.xss-response-write
	fmt.Fprintf(w, "<h1>Hello</h1>")
	// ok: shiftleft.go.xss-response-write
	http.Error(w, "bad name: "+name, http.StatusBadRequest)
	t := template.Must(template.New("p").Parse("<h1>{{.}}</h1>"))
	// ok: shiftleft.go.xss-response-write
	t.Execute(w, name)
}

func greetGin(c *gin.Context) {
	// ruleid: shiftleft.go.xss-response-write
	c.Data(200, "text/html; charset=utf-8", []byte("<p>"+c.Query("q")+"</p>"))
	// ok: shiftleft.go.xss-response-write
	c.String(200, "you searched %s", c.Query("q"))
	// ok: shiftleft.go.xss-response-write
	c.Data(200, "application/json", []byte(`{"q":1}`))
}

func greetEcho(c echo.Context) error {
	// ruleid: shiftleft.go.xss-response-write
	return c.HTML(200, "<p>"+c.QueryParam("q")+"</p>")
}

type page struct {
	Bio     template.HTML
	Comment template.HTML
}

func profile(w http.ResponseWriter, r *http.Request) {
	bio := r.FormValue("bio")
	// ruleid: shiftleft.go.xss-template-trusted-type
	p := page{Bio: template.HTML(bio)}
	// ruleid: shiftleft.go.xss-template-trusted-type
	link := template.URL(r.URL.Query().Get("next"))
	// ok: shiftleft.go.xss-template-trusted-type
	p.Comment = template.HTML("<em>static</em>")
	// ok: shiftleft.go.xss-template-trusted-type
	safe := template.HTML(html.EscapeString(bio))
	_, _, _ = p, link, safe
}

func redirect(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	// ruleid: shiftleft.go.open-redirect
	http.Redirect(w, r, next, http.StatusFound)
	// ruleid: shiftleft.go.open-redirect
	w.Header().Set("Location", r.FormValue("to"))
	// ruleid: shiftleft.go.open-redirect
	http.Redirect(w, r, r.Referer(), http.StatusSeeOther)

	// ok: shiftleft.go.open-redirect
	http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusFound)
	// ok: shiftleft.go.open-redirect
	http.Redirect(w, r, "https://example.com/"+next, http.StatusFound)
	u, err := url.Parse(next)
	if err != nil {
		return
	}
	// ok: shiftleft.go.open-redirect
	http.Redirect(w, r, u.Path, http.StatusFound)
	// ok: shiftleft.go.open-redirect
	http.Redirect(w, r, "/home", http.StatusFound)
}

func redirectGin(c *gin.Context) {
	// ruleid: shiftleft.go.open-redirect
	c.Redirect(302, c.DefaultQuery("return", "/"))
}

func fetch(w http.ResponseWriter, r *http.Request) {
	target := r.FormValue("url")
	// ruleid: shiftleft.go.ssrf
	resp, _ := http.Get(target)
	_ = resp
	// ruleid: shiftleft.go.ssrf
	req, _ := http.NewRequestWithContext(r.Context(), "GET", "http://"+r.Header.Get("X-Backend")+"/status", nil)
	_ = req
	// ruleid: shiftleft.go.ssrf
	httputil.NewSingleHostReverseProxy(mustParse(r.URL.Query().Get("upstream")))
	// ruleid: shiftleft.go.ssrf
	net.Dial("tcp", r.FormValue("addr"))

	// ok: shiftleft.go.ssrf
	http.Get("https://api.example.com/users/" + url.PathEscape(target))
	// ok: shiftleft.go.ssrf
	http.Get("https://api.example.com/search?q=" + target)
	// ok: shiftleft.go.ssrf
	http.Get(fmt.Sprintf("https://api.example.com/items/%s", target))
	u, err := url.Parse(target)
	if err != nil || u.Host != "images.example.com" {
		return
	}
	// ok: shiftleft.go.ssrf
	http.Get(u.String())
	// ok: shiftleft.go.ssrf
	http.Get("https://status.example.com/health")
}

func mustParse(s string) *url.URL { u, _ := url.Parse(s); return u }

func cookies(w http.ResponseWriter, r *http.Request, c *gin.Context) {
	// ruleid: shiftleft.go.cookie-missing-secure, shiftleft.go.cookie-missing-httponly
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "abc", Path: "/"})
	// ruleid: shiftleft.go.cookie-missing-secure
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "abc", HttpOnly: true})
	// ruleid: shiftleft.go.cookie-missing-httponly
	ck := &http.Cookie{Name: "token", Value: "x", Secure: true}
	http.SetCookie(w, ck)
	// ok: shiftleft.go.cookie-missing-secure, shiftleft.go.cookie-missing-httponly
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "abc", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	// ok: shiftleft.go.cookie-missing-secure, shiftleft.go.cookie-missing-httponly
	later := &http.Cookie{Name: "id", Value: "1"}
	later.Secure = true
	later.HttpOnly = true
	http.SetCookie(w, later)
	// ok: shiftleft.go.cookie-missing-secure, shiftleft.go.cookie-missing-httponly
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "", MaxAge: -1})
	// ruleid: shiftleft.go.cookie-missing-secure
	c.SetCookie("sid", "v", 3600, "/", "example.com", false, true)
	// ruleid: shiftleft.go.cookie-missing-httponly
	c.SetCookie("sid", "v", 3600, "/", "example.com", true, false)
	// ok: shiftleft.go.cookie-missing-secure, shiftleft.go.cookie-missing-httponly
	c.SetCookie("sid", "v", 3600, "/", "example.com", true, true)
	// ruleid: shiftleft.go.cookie-missing-secure
	store.Options = &sessions.Options{Path: "/", MaxAge: 86400, HttpOnly: true}
}

func corsHandler(w http.ResponseWriter, r *http.Request) {
	// ruleid: shiftleft.go.cors-permissive
	w.Header().Set("Access-Control-Allow-Origin", r.Header.Get("Origin"))
	w.Header().Set("Access-Control-Allow-Credentials", "true")
}

func corsPublic(w http.ResponseWriter, r *http.Request) {
	// ok: shiftleft.go.cors-permissive
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

var allowed = map[string]bool{"https://app.example.com": true}

func corsChecked(w http.ResponseWriter, r *http.Request) {
	origin := r.Header.Get("Origin")
	if allowed[origin] {
		// ok: shiftleft.go.cors-permissive
		w.Header().Set("Access-Control-Allow-Origin", origin)
		w.Header().Set("Access-Control-Allow-Credentials", "true")
	}
}

func corsGin(router *gin.Engine) {
	// ruleid: shiftleft.go.cors-permissive
	router.Use(cors.New(cors.Config{AllowAllOrigins: true, AllowCredentials: true}))
	// ok: shiftleft.go.cors-permissive
	router.Use(cors.New(cors.Config{AllowOrigins: []string{"https://app.example.com"}, AllowCredentials: true}))
}

func servers(mux *http.ServeMux) {
	// ruleid: shiftleft.go.http-server-no-timeouts
	http.ListenAndServe(":8080", mux)
	// ruleid: shiftleft.go.http-server-no-timeouts
	srv := &http.Server{Addr: ":8443", Handler: mux}
	srv.ListenAndServeTLS("cert.pem", "key.pem")
	// ok: shiftleft.go.http-server-no-timeouts
	good := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	good.ListenAndServe()
	// ok: shiftleft.go.http-server-no-timeouts
	later := &http.Server{Addr: ":8080", Handler: mux}
	later.ReadTimeout = 10 * time.Second
	later.ListenAndServe()
}

func listeners() {
	// ruleid: shiftleft.go.bind-all-interfaces
	net.Listen("tcp", "0.0.0.0:9000")
	// ruleid: shiftleft.go.bind-all-interfaces
	_ = &http.Server{Addr: "0.0.0.0:8080", ReadHeaderTimeout: time.Second}
	// ok: shiftleft.go.bind-all-interfaces
	net.Listen("tcp", "127.0.0.1:9000")
	// ok: shiftleft.go.bind-all-interfaces
	net.Listen("tcp", "localhost:9000")
}

func login(w http.ResponseWriter, r *http.Request) {
	sess, _ := store.Get(r, "s")
	// ruleid: shiftleft.go.session-trust-boundary
	sess.Values["role"] = r.FormValue("role")
	// ruleid: shiftleft.go.session-trust-boundary
	sess.Values["user"] = r.Header.Get("X-Remote-User")
	// ok: shiftleft.go.session-trust-boundary
	sess.Values["authenticated"] = true
	age, _ := strconv.Atoi(r.FormValue("age"))
	// ok: shiftleft.go.session-trust-boundary
	sess.Values["age"] = age
	sess.Save(r, w)
}

func upload(w http.ResponseWriter, r *http.Request) {
	// ruleid: shiftleft.go.request-body-unbounded
	data, _ := io.ReadAll(r.Body)
	_ = data
}

func uploadLimited(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	// ok: shiftleft.go.request-body-unbounded
	data, _ := io.ReadAll(r.Body)
	_ = data
	_ = context.Background()
}

func cookieFromConfig(w http.ResponseWriter, secure bool) {
	// ok: shiftleft.go.cookie-missing-secure, shiftleft.go.cookie-missing-httponly
	http.SetCookie(w, &http.Cookie{Name: "csrf", Value: "t", Secure: secure, HttpOnly: true})
	// ruleid: shiftleft.go.cookie-missing-secure
	http.SetCookie(w, &http.Cookie{Name: "sid", Value: "t", Secure: false, HttpOnly: true})
	// ok: shiftleft.go.cookie-missing-secure, shiftleft.go.cookie-missing-httponly
	c := new(http.Cookie)
	c.Secure = secure
	c.HttpOnly = true
	http.SetCookie(w, c)
}
