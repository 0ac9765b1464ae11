package benchmark

import (
	"crypto/md5"
	"encoding/base64"
	"io"
	"net/http"
)

func fingerprint00053(secret string) string {
	h := md5.New()
	io.WriteString(h, secret)
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

func BenchGo00053Handler(w http.ResponseWriter, r *http.Request) {
	w.Write([]byte(fingerprint00053(r.FormValue("password"))))
}
