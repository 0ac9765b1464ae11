// Test cases for random.yaml (semgrep --test). Never compiled or run.
package tokens

import (
	"math/rand"
	"time"
)

const letters = "abcdefghijklmnopqrstuvwxyz0123456789"

func generateToken(n int) string {
	b := make([]byte, n)
	for i := range b {
		// ruleid: shiftleft.go.weak-random
		b[i] = letters[rand.Intn(len(letters))]
	}
	return string(b)
}

func newSession() {
	// ruleid: shiftleft.go.weak-random
	sessionID := rand.Int63()
	_ = sessionID
	// ok: shiftleft.go.weak-random
	jitter := rand.Intn(100)
	_ = jitter
}

func pickBackend(backends []string) string {
	// ok: shiftleft.go.weak-random
	return backends[rand.Intn(len(backends))]
}

func challenge() string {
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	// ruleid: shiftleft.go.weak-random
	otp := rng.Intn(1000000)
	_ = otp
	// ok: shiftleft.go.weak-random
	delay := time.Duration(rng.Intn(500)) * time.Millisecond
	_ = delay
	return ""
}

func shuffle(items []string) {
	// ok: shiftleft.go.weak-random
	rand.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
}
