// Test cases for misc.yaml (semgrep --test). Never compiled or run.
package misc

import (
	"encoding/gob"
	"errors"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"unsafe"

	"github.com/dop251/goja"
	"github.com/expr-lang/expr"
	"github.com/lestrrat-go/libxml2/parser"
	"github.com/traefik/yaegi/interp"
	"go.mongodb.org/mongo-driver/bson"
)

type Service struct{}

func evalHandler(w http.ResponseWriter, r *http.Request, vm *goja.Runtime, i *interp.Interpreter) {
	src := r.FormValue("script")
	// ruleid: shiftleft.go.code-injection
	vm.RunString(src)
	// ruleid: shiftleft.go.code-injection
	i.Eval("package main\n" + r.URL.Query().Get("code"))
	// ruleid: shiftleft.go.code-injection
	expr.Compile(r.Header.Get("X-Rule"))
	// ok: shiftleft.go.code-injection
	vm.RunString("1 + 1")
	// ok: shiftleft.go.code-injection
	program, _ := expr.Compile("price * qty", expr.Env(map[string]any{}))
	// ok: shiftleft.go.code-injection
	expr.Run(program, map[string]any{"price": r.FormValue("price"), "qty": 2})
}

func dispatch(w http.ResponseWriter, r *http.Request, svc *Service) {
	action := r.URL.Query().Get("action")
	// ruleid: shiftleft.go.unsafe-reflection
	m := reflect.ValueOf(svc).MethodByName(action)
	m.Call(nil)
	// ok: shiftleft.go.unsafe-reflection
	reflect.ValueOf(svc).MethodByName("Health").Call(nil)
	handlers := map[string]func(){"health": func() {}}
	// ok: shiftleft.go.unsafe-reflection
	if h, ok := handlers[action]; ok {
		h()
	}
}

func gobHandler(w http.ResponseWriter, r *http.Request, f *os.File) {
	var v interface{}
	// ruleid: shiftleft.go.gob-decode-request
	gob.NewDecoder(r.Body).Decode(&v)
	// ok: shiftleft.go.gob-decode-request
	gob.NewDecoder(f).Decode(&v)
}

func xmlParse(data []byte) {
	// ruleid: shiftleft.go.xxe-libxml2
	p := parser.New(parser.XMLParseNoEnt)
	// ruleid: shiftleft.go.xxe-libxml2
	p2 := parser.New(parser.XMLParseDTDLoad | parser.XMLParseNoNet)
	// ok: shiftleft.go.xxe-libxml2
	p3 := parser.New(parser.XMLParseNoNet)
	// ok: shiftleft.go.xxe-libxml2
	p4 := parser.New()
	_, _, _, _ = p, p2, p3, p4
}

func mongoHandler(w http.ResponseWriter, r *http.Request) {
	name := r.FormValue("name")
	// ruleid: shiftleft.go.nosql-injection-where
	_ = bson.M{"$where": "this.name == '" + name + "'"}
	// ruleid: shiftleft.go.nosql-injection-where
	_ = bson.D{{Key: "$where", Value: r.URL.Query().Get("js")}}
	// ok: shiftleft.go.nosql-injection-where
	_ = bson.M{"name": name}
	// ok: shiftleft.go.nosql-injection-where
	_ = bson.M{"$where": "this.credits == this.debits"}
}

func sizes(s string) (int32, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, err
	}
	// ruleid: shiftleft.go.integer-truncation
	return int32(n), nil
}

func port(s string) (uint16, error) {
	p, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, err
	}
	// ruleid: shiftleft.go.integer-truncation
	return uint16(p), nil
}

func checked(s string) (int32, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, err
	}
	if n < 0 || n > 1<<31-1 {
		return 0, errors.New("out of range")
	}
	// ok: shiftleft.go.integer-truncation
	return int32(n), nil
}

func sized(s string) (int32, error) {
	n, err := strconv.ParseInt(s, 10, 32)
	// ok: shiftleft.go.integer-truncation
	return int32(n), err
}

func bytesToString(b []byte) string {
	// ruleid: shiftleft.go.unsafe-package
	return unsafe.String(&b[0], len(b))
}

func sizeOf() uintptr {
	var x int64
	// ok: shiftleft.go.unsafe-package
	return unsafe.Sizeof(x)
}
