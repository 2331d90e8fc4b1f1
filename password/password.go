// Package password hashes and checks passwords with argon2id.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Parameters follow the OWASP recommendation for argon2id (19 MiB, 2 passes).
const (
	memoryKiB = 19 * 1024
	passes    = 2
	threads   = 1
	keyLen    = 32
	saltLen   = 16
)

// MinLength is the shortest password kam accepts.
const MinLength = 10

// MaxLength bounds the work one login attempt can cause.
const MaxLength = 256

// Check returns an error saying what is wrong with a new password, or nil.
func Check(pw string) error {
	switch {
	case len([]rune(pw)) < MinLength:
		return fmt.Errorf("the password must be at least %d characters", MinLength)
	case len(pw) > MaxLength:
		return fmt.Errorf("the password must be at most %d bytes", MaxLength)
	}
	return nil
}

// Hash returns the PHC-format argon2id hash of pw with a fresh random salt.
func Hash(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, passes, memoryKiB, threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memoryKiB, passes, threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether pw matches the encoded hash. An empty or malformed
// hash never matches, but costs the same time as a real check, so that a
// missing user cannot be told from a wrong password by timing.
func Verify(pw, encoded string) bool {
	var m uint32
	var t uint32
	var p uint8
	parts := strings.Split(encoded, "$")
	ok := len(parts) == 6 && parts[1] == "argon2id"
	var salt, want []byte
	if ok {
		_, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p)
		salt, _ = base64.RawStdEncoding.DecodeString(parts[4])
		want, _ = base64.RawStdEncoding.DecodeString(parts[5])
		ok = err == nil && len(salt) > 0 && len(want) > 0 && m > 0 && m <= 1<<20 && t > 0 && t <= 10 && p > 0
	}
	if !ok {
		m, t, p, salt, want = memoryKiB, passes, threads, make([]byte, saltLen), make([]byte, keyLen)
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1 && ok
}
