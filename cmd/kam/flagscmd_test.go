package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kamhq/kam/portfolio"
)

func TestFlagsAsOfAsJSON(t *testing.T) {
	env := map[string]string{"KAM_DB": "sqlite:" + filepath.Join(t.TempDir(), "kam.db")}
	if _, _, err := runKam(t, env, "", "demo", "--accounts", "60"); err != nil {
		t.Fatal(err)
	}
	read := func(args ...string) []portfolio.FlagRow {
		t.Helper()
		out, _, err := runKam(t, env, "", append([]string{"flags", "--json"}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		var rows []portfolio.FlagRow
		if err := json.Unmarshal([]byte(out), &rows); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return rows
	}
	all := read()
	if len(all) == 0 {
		t.Fatal("no flags on a demo portfolio with declining and lost accounts")
	}
	withIDs := 0
	for _, r := range all {
		if r.Evidence == "" || r.Severity == "" {
			t.Errorf("flag without evidence or severity: %+v", r)
		}
		if len(r.ExternalIDs) > 0 {
			withIDs++
		}
	}
	if withIDs == 0 {
		t.Error("no flag carries its account's external ids")
	}
	// As of a day before any order, nothing is known, so nothing is flagged.
	if past := read("--as-of", "2000-01-01"); len(past) != 0 {
		t.Errorf("%d flags as of 2000-01-01", len(past))
	}
	// An account manager sees flags on their own accounts only.
	mine := read("--as", "am1")
	if len(mine) >= len(all) {
		t.Errorf("am1 sees %d flags of %d", len(mine), len(all))
	}
	if _, _, err := runKam(t, env, "", "flags", "--as-of", "09/12/2011"); err == nil {
		t.Error("a day/month date was taken")
	}
}

func TestRecomputeStoresFlagsOncePerCause(t *testing.T) {
	env := map[string]string{"KAM_DB": "sqlite:" + filepath.Join(t.TempDir(), "kam.db")}
	out, _, err := runKam(t, env, "", "demo", "--accounts", "60")
	m := regexp.MustCompile(`roll-up, health and flags in \S+: \d+ flags raised, (\d+) open`).FindStringSubmatch(out)
	if err != nil || m == nil || m[1] == "0" {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	// The flags stored are the ones kam flags computes for today.
	rows, _, _ := runKam(t, env, "", "flags", "--json")
	if n := strings.Count(rows, `"kind"`); strconv.Itoa(n) != m[1] {
		t.Errorf("the demo left %s flags open, kam flags shows %d", m[1], n)
	}
	if out, _, err := runKam(t, env, "", "recompute"); err != nil || !regexp.MustCompile(`Recomputed 60 accounts \(\d+ with subsidiaries\) as of \S+ in \S+: 0 flags raised, 0 resolved`).MatchString(out) {
		t.Errorf("recompute after the demo's: %v\n%s", err, out)
	}
}

func TestQueueRanksTheUsersAccounts(t *testing.T) {
	env := map[string]string{"KAM_DB": "sqlite:" + filepath.Join(t.TempDir(), "kam.db")}
	if _, _, err := runKam(t, env, "", "demo", "--accounts", "60"); err != nil {
		t.Fatal(err)
	}
	out, _, err := runKam(t, env, "", "queue", "am1", "--json", "--limit", "100")
	if err != nil {
		t.Fatal(err)
	}
	var rows []portfolio.QueueRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) == 0 {
		t.Fatalf("%v\n%s", err, out)
	}
	mine, _, _ := runKam(t, env, "", "export", "accounts", "--as", "am1")
	for i, r := range rows {
		if len(r.Reasons) == 0 || (i > 0 && r.Score > rows[i-1].Score) {
			t.Errorf("row %d: %+v (out of order or without reasons)", i, r)
		}
		if !strings.Contains(mine, "\n"+strconv.FormatInt(r.AccountID, 10)+",") {
			t.Errorf("account %d is not am1's", r.AccountID)
		}
	}
	if out, _, err := runKam(t, env, "", "queue", "nobody"); err == nil {
		t.Errorf("queue of an unknown user: %s", out)
	}
}
