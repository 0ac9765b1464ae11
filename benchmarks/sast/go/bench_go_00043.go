package benchmark

import (
	"crypto/rc4"
	"encoding/hex"
	"net/http"
)

func BenchGo00043Handler(key []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := rc4.NewCipher(key)
		if err != nil {
			http.Error(w, "cipher", http.StatusInternalServerError)
			return
		}
		data := []byte(r.FormValue("data"))
		c.XORKeyStream(data, data)
		w.Write([]byte(hex.EncodeToString(data)))
	}
}
