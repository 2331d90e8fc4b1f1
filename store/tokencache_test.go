package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestTokenRevokedOrExpiredWhileInUse: a token in use (and so remembered
// between requests) stops working the moment it is revoked or expires.
func TestTokenRevokedOrExpiredWhileInUse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, sys := context.Background(), kam.System()
		now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		if err := s.CreateUser(ctx, sys, &kam.User{Username: "erp", DisplayName: "ERP", Role: kam.RoleAM}, "correct horse battery"); err != nil {
			t.Fatal(err)
		}
		expires := now.Add(time.Hour)
		tok, secret, err := s.CreateToken(ctx, sys, "erp", "sync", false, &expires)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := s.TokenPrincipal(ctx, secret); err != nil {
				t.Fatalf("a valid token: %v", err)
			}
		}
		now = expires.Add(time.Second)
		if _, err := s.TokenPrincipal(ctx, secret); kam.ErrorCode(err) != kam.EUNAUTHORIZED {
			t.Errorf("an expired token: %v", err)
		}
		now = expires.Add(-time.Minute)
		if _, err := s.TokenPrincipal(ctx, secret); err != nil {
			t.Fatalf("before expiry again: %v", err)
		}
		if err := s.RevokeToken(ctx, sys, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenPrincipal(ctx, secret); kam.ErrorCode(err) != kam.EUNAUTHORIZED {
			t.Errorf("a revoked token: %v", err)
		}
	})
}
