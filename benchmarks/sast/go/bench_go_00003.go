package benchmark

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"golang.org/x/crypto/argon2"
)

func BenchGo00003Handler(w http.ResponseWriter, r *http.Request) {
	password := r.PostFormValue("password")
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, 1, 64*1024, 4, 32)
	w.Write([]byte(hex.EncodeToString(key)))
}
