// Test cases for crypto.yaml (semgrep --test). Never compiled or run.
package crypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/rc4"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io"
	"net/smtp"
	"os"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/blowfish"
	"golang.org/x/crypto/pbkdf2"
)

func ciphers(key []byte) {
	// ruleid: shiftleft.go.weak-cipher-des
	des.NewCipher(key)
	// ruleid: shiftleft.go.weak-cipher-des
	des.NewTripleDESCipher(key)
	// ruleid: shiftleft.go.weak-cipher-des
	blowfish.NewCipher(key)
	// ruleid: shiftleft.go.weak-cipher-rc4
	rc4.NewCipher(key)
	// ok: shiftleft.go.weak-cipher-des, shiftleft.go.weak-cipher-rc4
	aes.NewCipher(key)
}

func hashes(data, key []byte) {
	// ruleid: shiftleft.go.weak-hash-md5
	md5.Sum(data)
	// ruleid: shiftleft.go.weak-hash-md5
	h := md5.New()
	h.Write(data)
	// ruleid: shiftleft.go.weak-hash-sha1
	sha1.Sum(data)
	// ruleid: shiftleft.go.weak-hash-sha1
	s := sha1.New()
	_ = s
	// ok: shiftleft.go.weak-hash-sha1
	mac := hmac.New(sha1.New, key)
	_ = mac
	// ok: shiftleft.go.weak-hash-md5, shiftleft.go.weak-hash-sha1
	sha256.Sum256(data)
}

func ecb(key, plain []byte) []byte {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil
	}
	out := make([]byte, len(plain))
	for i := 0; i < len(plain); i += aes.BlockSize {
		// ruleid: shiftleft.go.block-cipher-ecb
		block.Encrypt(out[i:i+aes.BlockSize], plain[i:i+aes.BlockSize])
	}
	gcm, _ := cipher.NewGCM(block)
	nonce := make([]byte, gcm.NonceSize())
	if _, err := io.ReadFull(rand.Reader, nonce); err != nil {
		return nil
	}
	// ok: shiftleft.go.block-cipher-ecb, shiftleft.go.static-iv
	return gcm.Seal(nil, nonce, plain, nil)
}

func staticIV(key, plain []byte) {
	block, _ := aes.NewCipher(key)
	// ruleid: shiftleft.go.static-iv
	cipher.NewCBCEncrypter(block, []byte("0123456789abcdef"))
	iv := make([]byte, aes.BlockSize)
	// ruleid: shiftleft.go.static-iv
	cipher.NewCTR(block, iv)
	gcm, _ := cipher.NewGCM(block)
	nonce := make([]byte, 12)
	// ruleid: shiftleft.go.static-iv
	gcm.Seal(nil, nonce, plain, nil)
}

func randomIV(key, plain []byte) {
	block, _ := aes.NewCipher(key)
	iv := make([]byte, aes.BlockSize)
	if _, err := rand.Read(iv); err != nil {
		return
	}
	// ok: shiftleft.go.static-iv
	cipher.NewCBCEncrypter(block, iv)
	// ok: shiftleft.go.static-iv
	cipher.NewCBCDecrypter(block, plain[:aes.BlockSize])
}

func hardKeys(msg []byte, tok *jwt.Token) {
	// ruleid: shiftleft.go.hardcoded-crypto-key
	aes.NewCipher([]byte("0123456789abcdef0123456789abcdef"))
	secret := []byte("my-signing-secret")
	// ruleid: shiftleft.go.hardcoded-crypto-key
	hmac.New(sha256.New, secret)
	// ruleid: shiftleft.go.hardcoded-crypto-key
	tok.SignedString([]byte("jwt-secret-value"))
	// ok: shiftleft.go.hardcoded-crypto-key
	aes.NewCipher([]byte(os.Getenv("APP_KEY")))
	key, _ := hex.DecodeString(os.Getenv("HMAC_KEY"))
	// ok: shiftleft.go.hardcoded-crypto-key
	hmac.New(sha256.New, key)
}

func rsaKeys() {
	// ruleid: shiftleft.go.rsa-key-too-small
	rsa.GenerateKey(rand.Reader, 1024)
	// ruleid: shiftleft.go.rsa-key-too-small
	rsa.GenerateKey(rand.Reader, 512)
	// ok: shiftleft.go.rsa-key-too-small
	rsa.GenerateKey(rand.Reader, 2048)
	// ok: shiftleft.go.rsa-key-too-small
	rsa.GenerateKey(rand.Reader, 4096)
}

func secureToken() []byte {
	b := make([]byte, 32)
	// ruleid: shiftleft.go.crypto-rand-error-ignored
	rand.Read(b)
	c := make([]byte, 32)
	// ruleid: shiftleft.go.crypto-rand-error-ignored
	_, _ = io.ReadFull(rand.Reader, c)
	d := make([]byte, 32)
	// ok: shiftleft.go.crypto-rand-error-ignored
	if _, err := rand.Read(d); err != nil {
		panic(err)
	}
	return b
}

type Account struct{ Password string }

func passwords(password string, user *Account) {
	// ruleid: shiftleft.go.bcrypt-low-cost
	bcrypt.GenerateFromPassword([]byte(password), 4)
	// ruleid: shiftleft.go.bcrypt-low-cost
	bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	// ok: shiftleft.go.bcrypt-low-cost
	bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	// ok: shiftleft.go.bcrypt-low-cost
	bcrypt.GenerateFromPassword([]byte(password), 12)
	salt := make([]byte, 16)
	// ruleid: shiftleft.go.pbkdf2-low-iterations
	pbkdf2.Key([]byte(password), salt, 1000, 32, sha256.New)
	// ok: shiftleft.go.pbkdf2-low-iterations
	pbkdf2.Key([]byte(password), salt, 600000, 32, sha256.New)
	// ruleid: shiftleft.go.password-fast-hash
	sha256.Sum256([]byte(password))
	// ruleid: shiftleft.go.password-fast-hash, shiftleft.go.weak-hash-md5
	md5.Sum([]byte(user.Password))
	// ok: shiftleft.go.password-fast-hash
	sha256.Sum256([]byte(user.Password[:0] + "etag"))
}

func jwts(tokenString string, pub *rsa.PublicKey) {
	p := jwt.NewParser()
	// ruleid: shiftleft.go.jwt-parse-unverified
	p.ParseUnverified(tokenString, jwt.MapClaims{})
	// ok: shiftleft.go.jwt-parse-unverified
	p.Parse(tokenString, func(t *jwt.Token) (interface{}, error) { return pub, nil })
	// ruleid: shiftleft.go.jwt-none-algorithm
	jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{})
	// ok: shiftleft.go.jwt-none-algorithm
	jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{})
	// ruleid: shiftleft.go.jwt-keyfunc-no-method-check
	jwt.Parse(tokenString, func(t *jwt.Token) (interface{}, error) { return pub, nil })
	// ok: shiftleft.go.jwt-keyfunc-no-method-check
	jwt.Parse(tokenString, func(t *jwt.Token) (interface{}, error) {
		if _, ok := t.Method.(*jwt.SigningMethodRSA); !ok {
			return nil, jwt.ErrSignatureInvalid
		}
		return pub, nil
	})
	// ok: shiftleft.go.jwt-keyfunc-no-method-check
	jwt.Parse(tokenString, func(t *jwt.Token) (interface{}, error) { return pub, nil }, jwt.WithValidMethods([]string{"RS256"}))
}

type Config struct {
	DBPassword string
	APIKey     string
}

func credentials() {
	// ruleid: shiftleft.go.hardcoded-credential
	password := "Sup3rS3cret!"
	// ruleid: shiftleft.go.hardcoded-credential
	cfg := Config{DBPassword: "hunter2hunter2", APIKey: ""}
	// ruleid: shiftleft.go.hardcoded-credential
	sql.Open("postgres", "postgres://app:s3cr3tpw@db.internal:5432/app")
	// ruleid: shiftleft.go.hardcoded-credential
	sql.Open("mysql", "root:toor1234@tcp(127.0.0.1:3306)/shop")
	// ruleid: shiftleft.go.hardcoded-credential
	smtp.PlainAuth("", "mailer@example.com", "mailpass99", "smtp.example.com")

	// ok: shiftleft.go.hardcoded-credential
	password = os.Getenv("APP_PASSWORD")
	// ok: shiftleft.go.hardcoded-credential
	passwordField := "password"
	// ok: shiftleft.go.hardcoded-credential
	apiKey := "API_KEY"
	// ok: shiftleft.go.hardcoded-credential
	token := ""
	// ok: shiftleft.go.hardcoded-credential
	sql.Open("postgres", os.Getenv("DATABASE_URL"))
	// ok: shiftleft.go.hardcoded-credential
	sql.Open("postgres", "host=localhost dbname=app sslmode=disable")
	// ok: shiftleft.go.hardcoded-credential
	smtp.PlainAuth("", "mailer@example.com", os.Getenv("SMTP_PASSWORD"), "smtp.example.com")
	_, _, _, _, _ = password, cfg, passwordField, apiKey, token
}
