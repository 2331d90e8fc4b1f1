package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestAuthenticateGivesOneAnswerForEveryFailure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		u, err := s.Authenticate(ctx, "am1", testPassword)
		if err != nil || u.ID != o.am1.ID {
			t.Fatalf("good login: %v", err)
		}
		_, wrongPw := s.Authenticate(ctx, "am1", "wrong password!")
		_, noUser := s.Authenticate(ctx, "nobody", testPassword)
		_, empty := s.Authenticate(ctx, "", "")
		for _, err := range []error{wrongPw, noUser, empty} {
			if kam.ErrorCode(err) != kam.EUNAUTHORIZED || kam.ErrorMessage(err) != "Wrong username or password." {
				t.Errorf("failed login: %v", err)
			}
		}
		err = s.CreateUser(ctx, kam.System(), &kam.User{Username: "short", Role: kam.RoleAM}, "abc")
		if kam.ErrorField(err) != "password" {
			t.Errorf("short password accepted: %v", err)
		}
		err = s.CreateUser(ctx, kam.System(), &kam.User{Username: "am1", Role: kam.RoleAM}, testPassword)
		wantCode(t, err, kam.ECONFLICT)
		err = s.CreateUser(ctx, principal(t, s, o.director), &kam.User{Username: "x", Role: kam.RoleAM}, testPassword)
		wantCode(t, err, kam.EFORBIDDEN)
		if err := s.SetPassword(ctx, kam.System(), "am1", "a brand new secret"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "am1", testPassword); err == nil {
			t.Error("old password still works after a change")
		}
		if _, err := s.Authenticate(ctx, "am1", "a brand new secret"); err != nil {
			t.Errorf("new password: %v", err)
		}
	})
}

func TestSessionsExpireAndEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		clock := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return clock }
		pol := store.SessionPolicy{Idle: time.Hour, Absolute: 3 * time.Hour}
		tok, err := s.CreateSession(ctx, o.am1.ID, pol)
		if err != nil {
			t.Fatal(err)
		}
		var stored int
		s.DB().QueryRow("SELECT COUNT(*) FROM sessions WHERE token_hash = '" + tok + "'").Scan(&stored)
		if stored != 0 {
			t.Fatal("the raw session token is stored")
		}
		for _, step := range []time.Duration{50 * time.Minute, 50 * time.Minute, 50 * time.Minute} {
			clock = clock.Add(step)
			p, err := s.SessionPrincipal(ctx, tok, pol)
			if err != nil || p.UserID != o.am1.ID {
				t.Fatalf("active session at %s: %v", clock, err)
			}
		}
		clock = clock.Add(40 * time.Minute) // 3h10m after sign-in: past the absolute limit
		_, err = s.SessionPrincipal(ctx, tok, pol)
		wantCode(t, err, kam.EUNAUTHORIZED)

		tok, _ = s.CreateSession(ctx, o.am1.ID, pol)
		clock = clock.Add(61 * time.Minute)
		_, err = s.SessionPrincipal(ctx, tok, pol)
		wantCode(t, err, kam.EUNAUTHORIZED)

		a, _ := s.CreateSession(ctx, o.am1.ID, pol)
		b, _ := s.CreateSession(ctx, o.am1.ID, pol)
		if err := s.DeleteSession(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionPrincipal(ctx, a, pol); err == nil {
			t.Error("signed-out session still works")
		}
		if _, err := s.SessionPrincipal(ctx, b, pol); err != nil {
			t.Errorf("other session ended by one sign-out: %v", err)
		}
		s.DeleteUserSessions(ctx, o.am1.ID)
		if _, err := s.SessionPrincipal(ctx, b, pol); err == nil {
			t.Error("session survives sign-out everywhere")
		}
	})
}

func TestAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		o := newOrg(t, s)
		am := principal(t, s, o.am1)
		tok, secret, err := s.CreateToken(ctx, am, "am1", "laptop", true, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, "kam_") {
			t.Errorf("token %q lacks the kam_ prefix", secret)
		}
		p, err := s.TokenPrincipal(ctx, secret)
		if err != nil || p.UserID != o.am1.ID || !p.ReadOnly {
			t.Fatalf("token principal %+v, err %v", p, err)
		}
		for _, bad := range []string{"", "kam_", secret + "x", strings.ToUpper(secret)} {
			if _, err := s.TokenPrincipal(ctx, bad); kam.ErrorCode(err) != kam.EUNAUTHORIZED {
				t.Errorf("token %q: %v", bad, err)
			}
		}
		_, _, err = s.CreateToken(ctx, am, "am2", "theirs", false, nil)
		wantCode(t, err, kam.EFORBIDDEN)
		if err := s.RevokeToken(ctx, principal(t, s, o.am2), tok.ID); kam.ErrorCode(err) != kam.ENOTFOUND {
			t.Errorf("another user revoked the token: %v", err)
		}
		if err := s.RevokeToken(ctx, am, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenPrincipal(ctx, secret); kam.ErrorCode(err) != kam.EUNAUTHORIZED {
			t.Errorf("revoked token works: %v", err)
		}
		past := s.Now().Add(-time.Hour)
		_, _, err = s.CreateToken(ctx, am, "am1", "old", false, &past)
		if kam.ErrorField(err) != "expires_at" {
			t.Errorf("expired-at-birth token: %v", err)
		}
		soon := s.Now().Add(time.Hour)
		_, secret, _ = s.CreateToken(ctx, am, "am1", "short", false, &soon)
		s.Now = func() time.Time { return soon.Add(time.Second) }
		if _, err := s.TokenPrincipal(ctx, secret); kam.ErrorCode(err) != kam.EUNAUTHORIZED {
			t.Errorf("expired token works: %v", err)
		}
	})
}
