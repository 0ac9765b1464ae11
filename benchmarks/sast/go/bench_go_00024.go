package benchmark

import (
	"math/rand"
	"net/http"
	"strconv"
)

func BenchGo00024Handler(w http.ResponseWriter, r *http.Request) {
	nonce := strconv.FormatInt(rand.Int63(), 36) + strconv.FormatInt(rand.Int63(), 36)
	w.Header().Set("Content-Security-Policy", "script-src 'nonce-"+nonce+"'")
	w.Write([]byte("<script nonce=\"" + nonce + "\">init()</script>"))
}
