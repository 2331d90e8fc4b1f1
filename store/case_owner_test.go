package store_test

import (
	"context"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestCaseKeepsAnOwnerWhoLeft: a case whose owner has since been
// deactivated can still be changed when the change keeps that owner (as the
// case form does), while giving it to a deactivated user is refused.
func TestCaseKeepsAnOwnerWhoLeft(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx, sys := context.Background(), kam.System()
		am := &kam.User{Username: "leaver", DisplayName: "Lee Leaver", Role: kam.RoleAM}
		if err := s.CreateUser(ctx, sys, am, "correct horse battery"); err != nil {
			t.Fatal(err)
		}
		a := &kam.Account{Name: "Owner Test Oy", Currency: "EUR", OwnerID: am.ID}
		if err := s.CreateAccount(ctx, sys, a); err != nil {
			t.Fatal(err)
		}
		k := &kam.Case{AccountID: a.ID, Kind: "question", Severity: "low", Subject: "Price list", OwnerID: am.ID}
		if err := s.CreateCase(ctx, sys, k); err != nil {
			t.Fatal(err)
		}
		u, err := s.FindUserByID(ctx, am.ID)
		if err != nil {
			t.Fatal(err)
		}
		off := false
		if _, err := s.UpdateUser(ctx, sys, am.ID, kam.UserUpdate{UpdatedAt: u.UpdatedAt, Active: &off}); err != nil {
			t.Fatal(err)
		}
		high := "high"
		got, err := s.UpdateCase(ctx, sys, k.ID, kam.CaseUpdate{Version: k.Version, Severity: &high, OwnerID: &am.ID})
		if err != nil || got.Severity != "high" || got.OwnerID != am.ID {
			t.Fatalf("a change keeping the owner who left: %+v %v", got, err)
		}
		other := &kam.Case{AccountID: a.ID, Kind: "question", Severity: "low", Subject: "Second question"}
		if err := s.CreateCase(ctx, sys, other); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateCase(ctx, sys, other.ID, kam.CaseUpdate{Version: other.Version, OwnerID: &am.ID}); kam.ErrorCode(err) != kam.EINVALID {
			t.Errorf("giving a case to a deactivated user: %v", err)
		}
	})
}
