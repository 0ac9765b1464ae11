package benchmark

import (
	"crypto/cipher"
	"crypto/des"
	"crypto/rand"
	"encoding/base64"
	"net/http"
)

func BenchGo00097Handler(key []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		block, err := des.NewCipher(key[:8])
		if err != nil {
			http.Error(w, "cipher", http.StatusInternalServerError)
			return
		}
		plain := []byte(r.FormValue("data"))
		iv := make([]byte, des.BlockSize)
		if _, err := rand.Read(iv); err != nil {
			return
		}
		out := make([]byte, len(plain))
		cipher.NewCFBEncrypter(block, iv).XORKeyStream(out, plain)
		w.Write([]byte(base64.StdEncoding.EncodeToString(out)))
	}
}
