package benchmark

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"net/http"
)

var hashers00012 = map[string]func() hash.Hash{
	"fast":   md5.New,
	"strong": sha256.New,
}

func BenchGo00012Handler(w http.ResponseWriter, r *http.Request) {
	h := hashers00012["fast"]()
	h.Write([]byte(r.PostFormValue("password")))
	w.Write([]byte(hex.EncodeToString(h.Sum(nil))))
}
