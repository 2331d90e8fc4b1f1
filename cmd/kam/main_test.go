package main

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// runKam runs the command line as a user would, with the given environment and
// standard input, and returns what it printed.
func runKam(t *testing.T, env map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestVersionAndUsage(t *testing.T) {
	out, _, err := runKam(t, nil, "", "version")
	if err != nil || !strings.HasPrefix(out, "kam ") {
		t.Fatalf("version: %q %v", out, err)
	}
	_, _, err = runKam(t, nil, "", "frobnicate")
	if err == nil || !strings.Contains(err.Error(), `unknown command "frobnicate"`) {
		t.Fatalf("unknown command: %v", err)
	}
	_, errOut, err := runKam(t, nil, "")
	if err == nil || !strings.Contains(errOut, "kam serve") {
		t.Fatalf("no command: %v, printed %q", err, errOut)
	}
	out, _, err = runKam(t, nil, "", "serve", "-h")
	if err != nil || !strings.Contains(out, "-addr") || !strings.Contains(out, "-demo") {
		t.Fatalf("serve -h: %v, printed %q", err, out)
	}
}

func TestBadDSNAndFlagsAreOneLineNamingThem(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"migrate", "--db", "mysql://root@localhost/kam"}, "mysql://root@localhost/kam"},
		{[]string{"migrate", "--db", "postgres://kam:hunter2@127.0.0.1:1/kam"}, "127.0.0.1:1"},
		{[]string{"serve", "--port", "8080"}, "-port"},
		{[]string{"demo", "--accounts", "many"}, "-accounts"},
		{[]string{"user", "add", "--role", "boss", "x", "--db", "sqlite:" + filepath.Join(t.TempDir(), "k.db")}, "--role"},
	} {
		_, _, err := runKam(t, nil, "", c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: error %v, want one line naming %q", c.args, err, c.want)
		}
		if err != nil && strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%v: the password leaked into the error: %v", c.args, err)
		}
	}
}

func TestUsersAndTokensFromTheCommandLine(t *testing.T) {
	env := map[string]string{"KAM_DB": "sqlite:" + filepath.Join(t.TempDir(), "kam.db")}
	out, _, err := runKam(t, env, "", "org", "add", "Europe", "--kind", "region")
	if err != nil || !strings.Contains(out, `Added region "Europe", id 1.`) {
		t.Fatalf("org add: %q %v", out, err)
	}
	if _, _, err := runKam(t, env, "", "org", "add", "Germany", "--kind", "country", "--parent", "1"); err != nil {
		t.Fatalf("org add child: %v", err)
	}
	if _, _, err := runKam(t, env, "", "org", "add", "Mars", "--kind", "planet"); err == nil || !strings.Contains(err.Error(), "--kind") {
		t.Fatalf("bad kind: %v", err)
	}
	if _, _, err := runKam(t, env, "", "org", "add", "Nowhere", "--kind", "country", "--parent", "99"); err == nil || !strings.Contains(err.Error(), "99") {
		t.Fatalf("missing parent: %v", err)
	}
	out, _, err = runKam(t, env, "", "org", "list")
	if err != nil || !regexp.MustCompile(`(?m)^2\s+country\s+  Germany$`).MatchString(out) {
		t.Fatalf("org list:\n%s %v", out, err)
	}
	out, _, err = runKam(t, env, "a long enough password\n", "user", "add", "dana", "--role", "director", "--name", "Dana Director", "--org-unit", "1")
	if err != nil || !strings.Contains(out, "Added user dana (director)") {
		t.Fatalf("user add: %q %v", out, err)
	}
	if _, _, err := runKam(t, env, "short\n", "user", "add", "eve", "--role", "am"); err == nil || !strings.Contains(err.Error(), "at least") {
		t.Fatalf("short password: %v", err)
	}
	if _, _, err := runKam(t, env, "another good password\n", "user", "add", "dana", "--role", "am"); err == nil || !strings.Contains(err.Error(), "taken") {
		t.Fatalf("duplicate user: %v", err)
	}
	out, _, err = runKam(t, env, "", "user", "list")
	if err != nil || !strings.Contains(out, "dana") || !strings.Contains(out, "Dana Director") || strings.Contains(out, "eve") {
		t.Fatalf("user list: %q %v", out, err)
	}
	out, errOut, err := runKam(t, env, "", "token", "create", "dana", "--read-only", "--expires", "30d")
	if err != nil || !regexp.MustCompile(`^kam_[A-Za-z0-9_-]{40,}\n$`).MatchString(out) || !strings.Contains(errOut, "shown once") {
		t.Fatalf("token create: %q %q %v", out, errOut, err)
	}
	if _, _, err := runKam(t, env, "", "token", "create", "dana", "--expires", "soon"); err == nil || !strings.Contains(err.Error(), "--expires") {
		t.Fatalf("bad expiry: %v", err)
	}
	out, _, err = runKam(t, env, "", "token", "list", "dana")
	if err != nil || !strings.Contains(out, "read-only") || !strings.Contains(out, "REVOKED") {
		t.Fatalf("token list: %q %v", out, err)
	}
	id := strings.Fields(strings.Split(out, "\n")[1])[0]
	if out, _, err := runKam(t, env, "", "token", "revoke", id); err != nil || !strings.Contains(out, "revoked") {
		t.Fatalf("token revoke: %q %v", out, err)
	}
	out, _, _ = runKam(t, env, "", "token", "list", "dana")
	if !regexp.MustCompile(`(?m)^` + id + `\s.*\d{4}-\d{2}-\d{2}\s*$`).MatchString(out) {
		t.Fatalf("revoked token not shown as revoked:\n%s", out)
	}
	if _, _, err := runKam(t, env, "a new long password\n", "user", "passwd", "dana"); err != nil {
		t.Fatalf("user passwd: %v", err)
	}
	out, _, err = runKam(t, env, "", "migrate")
	if err != nil || !strings.Contains(out, "schema version") {
		t.Fatalf("migrate: %q %v", out, err)
	}
}

// syncBuffer is a bytes.Buffer that a server goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeWithDemoAnswersAndStops(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	env := map[string]string{"KAM_DB": "sqlite:" + filepath.Join(t.TempDir(), "kam.db"), "KAM_ADDR": "127.0.0.1:0"}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--demo"}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	}()
	addr := regexp.MustCompile(`listening on (http://[0-9.:]+)`)
	var base string
	for deadline := time.Now().Add(2 * time.Minute); base == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped early: %v\n%s\n%s", err, out.String(), errOut.String())
		default:
		}
	}
	if base == "" {
		t.Fatalf("serve never said where it listens:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "kam-demo-2026") || !strings.Contains(out.String(), "director") {
		t.Errorf("serve --demo did not say how to sign in:\n%s", out.String())
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after shutdown", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}
