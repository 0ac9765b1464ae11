package benchmark

import (
	"crypto/sha1"
	"fmt"
	"net/http"
)

func BenchGo00059Handler(w http.ResponseWriter, r *http.Request) {
	password := r.PostFormValue("password")
	salted := "s4lt:" + password
	sum := sha1.Sum([]byte(salted))
	fmt.Fprintf(w, "%x", sum)
}
