package benchmark

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
)

func BenchGo00009Handler(w http.ResponseWriter, r *http.Request) {
	password := r.PostFormValue("password")
	sum := md5.Sum([]byte(password))
	storeHash00009(r.PostFormValue("user"), hex.EncodeToString(sum[:]))
	w.WriteHeader(http.StatusCreated)
}

func storeHash00009(user, hash string) {}
