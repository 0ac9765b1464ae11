package benchmark

import (
	"fmt"
	"math/rand"
	"net/http"
	"time"
)

func BenchGo00107Handler(w http.ResponseWriter, r *http.Request) {
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	code := fmt.Sprintf("%06d", rng.Intn(1000000))
	sendCode00107(r.FormValue("phone"), code)
	w.WriteHeader(http.StatusAccepted)
}

func sendCode00107(phone, code string) {}
