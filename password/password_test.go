package password

import (
	"strings"
	"testing"
)

func TestHashAndVerify(t *testing.T) {
	h, err := Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id with the OWASP parameters", h)
	}
	if !Verify("correct horse battery", h) {
		t.Fatal("the right password does not verify")
	}
	h2, _ := Hash("correct horse battery")
	if h2 == h {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, c := range []struct{ pw, hash string }{
		{"correct horse batterY", h},
		{"correct horse battery", ""},
		{"correct horse battery", "$argon2id$v=19$m=1,t=1,p=1$$"},
		{"correct horse battery", "plain text"},
		{"", h},
	} {
		if Verify(c.pw, c.hash) {
			t.Errorf("Verify(%q, %q) = true", c.pw, c.hash)
		}
	}
}

func TestCheck(t *testing.T) {
	if Check("short") == nil || Check(strings.Repeat("x", MaxLength+1)) == nil {
		t.Error("a too short or too long password passed")
	}
	if err := Check("ten chars!"); err != nil {
		t.Errorf("a ten-character password: %v", err)
	}
	if err := Check("ĉĉĉĉĉĉĉĉĉĉ"); err != nil {
		t.Errorf("length counts characters, not bytes: %v", err)
	}
}
