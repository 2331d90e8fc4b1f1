package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// TestServeSettlesRollupsLeftQueued is a crash after an order committed but
// before its account's roll-up was refreshed: the queue entry, written with
// the order, is settled when kam serves again.
func TestServeSettlesRollupsLeftQueued(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dsn := "sqlite:" + filepath.Join(t.TempDir(), "kam.db")
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	a := &kam.Account{Name: "Crash Test Oy", Currency: "EUR"}
	today := kam.DateOf(time.Now().UTC())
	err = st.Load(ctx, kam.System(), func(l *store.Loader) error {
		if err := l.Account(a); err != nil {
			return err
		}
		return l.Order(&kam.Order{AccountID: a.ID, OrderDate: today.AddDays(-3), Currency: "EUR", ExternalID: "SO-1",
			Lines: []*kam.OrderLine{{Quantity: 2, UnitPrice: kam.MustMoney("150")}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", strings.TrimPrefix(dsn, "sqlite:"))
	if err == nil {
		_, err = db.Exec("INSERT INTO rollup_queue (account_id, queued_at) VALUES (?, ?)", a.ID, time.Now().UTC())
		db.Close()
	}
	if err != nil {
		t.Fatal(err)
	}

	var out, errOut syncBuffer
	env := map[string]string{"KAM_DB": dsn, "KAM_ADDR": "127.0.0.1:0"}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	}()
	listening := regexp.MustCompile(`listening on http://`)
	for deadline := time.Now().Add(time.Minute); !listening.MatchString(out.String()); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("serve never listened:\n%s\n%s", out.String(), errOut.String())
		}
	}
	st, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var roll *store.Rollup
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if roll, err = st.FindRollup(ctx, kam.System(), a.ID); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the queued roll-up was not settled: %v\n%s", err, errOut.String())
		}
	}
	if roll.Own.Revenue12M != kam.MustMoney("300") || roll.Own.LastOrder != today.AddDays(-3) {
		t.Errorf("settled roll-up: revenue %s, last order %s", roll.Own.Revenue12M, roll.Own.LastOrder)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}
}
