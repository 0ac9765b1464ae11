// Test cases for tls.yaml (semgrep --test). Never compiled or run.
package transport

import (
	"crypto/tls"
	"net"
	"net/http"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

func clients() {
	// ruleid: shiftleft.go.tls-insecure-skip-verify
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	_ = tr
	cfg := &tls.Config{}
	// ruleid: shiftleft.go.tls-insecure-skip-verify
	cfg.InsecureSkipVerify = true
	t2 := http.DefaultTransport.(*http.Transport).Clone()
	// ruleid: shiftleft.go.tls-insecure-skip-verify
	t2.TLSClientConfig.InsecureSkipVerify = true
	// ok: shiftleft.go.tls-insecure-skip-verify
	_ = &tls.Config{InsecureSkipVerify: false, MinVersion: tls.VersionTLS12}
	// ok: shiftleft.go.tls-insecure-skip-verify
	_ = &tls.Config{ServerName: "api.example.com"}
}

func versions(cfg *tls.Config) {
	// ruleid: shiftleft.go.tls-version-too-low
	_ = &tls.Config{MinVersion: tls.VersionTLS10}
	// ruleid: shiftleft.go.tls-version-too-low
	_ = &tls.Config{MinVersion: tls.VersionTLS12, MaxVersion: tls.VersionTLS11}
	// ruleid: shiftleft.go.tls-version-too-low
	cfg.MinVersion = tls.VersionSSL30
	// ok: shiftleft.go.tls-version-too-low
	_ = &tls.Config{MinVersion: tls.VersionTLS12}
	// ok: shiftleft.go.tls-version-too-low
	cfg.MinVersion = tls.VersionTLS13
}

func suites(cfg *tls.Config) {
	_ = &tls.Config{
		MinVersion: tls.VersionTLS12,
		CipherSuites: []uint16{
			tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
			// ruleid: shiftleft.go.tls-weak-cipher-suite
			tls.TLS_RSA_WITH_RC4_128_SHA,
			// ruleid: shiftleft.go.tls-weak-cipher-suite
			tls.TLS_RSA_WITH_3DES_EDE_CBC_SHA,
		},
	}
	cfg.CipherSuites = []uint16{
		// ruleid: shiftleft.go.tls-weak-cipher-suite
		tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
		// ok: shiftleft.go.tls-weak-cipher-suite
		tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
	}
	// ok: shiftleft.go.tls-weak-cipher-suite
	name := tls.CipherSuiteName(tls.TLS_RSA_WITH_RC4_128_SHA)
	_ = name
}

func sshClients(hostKey ssh.PublicKey) {
	// ruleid: shiftleft.go.ssh-insecure-host-key
	_ = &ssh.ClientConfig{User: "deploy", HostKeyCallback: ssh.InsecureIgnoreHostKey()}
	// ruleid: shiftleft.go.ssh-insecure-host-key
	_ = &ssh.ClientConfig{User: "deploy", HostKeyCallback: func(h string, a net.Addr, k ssh.PublicKey) error { return nil }}
	cb, _ := knownhosts.New("/home/deploy/.ssh/known_hosts")
	// ok: shiftleft.go.ssh-insecure-host-key
	_ = &ssh.ClientConfig{User: "deploy", HostKeyCallback: cb}
	// ok: shiftleft.go.ssh-insecure-host-key
	_ = &ssh.ClientConfig{User: "deploy", HostKeyCallback: ssh.FixedHostKey(hostKey)}
}

func grpcClients(target string, tlsCfg *tls.Config) {
	// ruleid: shiftleft.go.grpc-insecure-transport
	grpc.Dial(target, grpc.WithInsecure())
	// ruleid: shiftleft.go.grpc-insecure-transport
	grpc.NewClient("payments.internal:443", grpc.WithTransportCredentials(insecure.NewCredentials()))
	// ok: shiftleft.go.grpc-insecure-transport
	grpc.NewClient("localhost:50051", grpc.WithTransportCredentials(insecure.NewCredentials()))
	// ok: shiftleft.go.grpc-insecure-transport
	grpc.NewClient(target, grpc.WithTransportCredentials(credentials.NewTLS(tlsCfg)))
}
