package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight/recommend"
	"github.com/kamhq/kam/portfolio"
)

// demoEnv loads a 60-account demo into a new database.
func demoEnv(t *testing.T) map[string]string {
	t.Helper()
	env := map[string]string{"KAM_DB": "sqlite:" + filepath.Join(t.TempDir(), "kam.db")}
	if _, _, err := runKam(t, env, "", "demo", "--accounts", "60"); err != nil {
		t.Fatal(err)
	}
	return env
}

// readJSON runs a command and decodes what it printed into v.
func readJSON(t *testing.T, env map[string]string, v any, args ...string) {
	t.Helper()
	out, _, err := runKam(t, env, "", args...)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v: %v\n%.500s", args, err, out)
	}
}

func TestForecastSumsAccountsIntoManagersAndTotal(t *testing.T) {
	env := demoEnv(t)
	var rep portfolio.ForecastReport
	readJSON(t, env, &rep, "forecast", "--json")
	if len(rep.Accounts) != 60 || rep.Total.Accounts != 60 {
		t.Fatalf("%d accounts, total over %d; want 60", len(rep.Accounts), rep.Total.Accounts)
	}
	var sum kam.Money
	withHistory := 0
	for _, a := range rep.Accounts {
		sum += a.Total
		if a.Reason == "" {
			withHistory++
		}
		if a.Interval80.Low > a.Total || a.Interval80.High < a.Total {
			t.Errorf("%s: forecast %s outside its interval %+v", a.Name, a.Total, a.Interval80)
		}
	}
	if sum != rep.Total.Total {
		t.Errorf("accounts sum to %s, the total says %s", sum, rep.Total.Total)
	}
	if withHistory == 0 {
		t.Error("no demo account had history enough to forecast")
	}
	owners := 0
	for _, g := range rep.ByOwner {
		owners += g.Accounts
	}
	if owners != 60 {
		t.Errorf("managers' groups hold %d accounts, want 60", owners)
	}
	var mine portfolio.ForecastReport
	readJSON(t, env, &mine, "forecast", "--json", "--as", "am1")
	if len(mine.Accounts) == 0 || len(mine.Accounts) >= 60 {
		t.Errorf("am1's forecast covers %d accounts", len(mine.Accounts))
	}
}

func TestRecommendAndSegments(t *testing.T) {
	env := demoEnv(t)
	var advice []portfolio.AccountAdvice
	readJSON(t, env, &advice, "recommend", "--json", "--n", "5")
	if len(advice) != 60 {
		t.Fatalf("%d accounts advised, want 60", len(advice))
	}
	recommended := 0
	for _, a := range advice {
		if len(a.Recommendations) > 5 {
			t.Errorf("%s: %d recommendations, asked for 5", a.Name, len(a.Recommendations))
		}
		for _, r := range a.Recommendations {
			recommended++
			if !strings.Contains(r.Reason, "bought by") {
				t.Errorf("%s: recommendation %s without its reason: %q", a.Name, r.Product, r.Reason)
			}
		}
	}
	if recommended == 0 {
		t.Error("no recommendation on the demo portfolio")
	}

	var matrix recommend.Matrix
	readJSON(t, env, &matrix, "recommend", "--whitespace", "--json")
	if len(matrix.Rows) != 60 || len(matrix.Families) == 0 {
		t.Fatalf("whitespace: %d rows, families %v", len(matrix.Rows), matrix.Families)
	}
	for _, row := range matrix.Rows {
		for _, cell := range row.Cells {
			if cell.Buys && cell.Suggested {
				t.Errorf("account %d: family %s both bought and suggested", row.AccountID, cell.Family)
			}
		}
	}

	var segs []portfolio.AccountSegment
	readJSON(t, env, &segs, "segments", "--json")
	if len(segs) != 60 {
		t.Fatalf("%d accounts classified, want 60", len(segs))
	}
	for _, s := range segs {
		if s.Health.Score < 0 || s.Health.Score > 100 || s.Classification.Quadrant == "" || s.RFM.Segment == "" || s.HealthTrend.Direction == "" {
			t.Errorf("%s: health %v, quadrant %q, RFM %q", s.Name, s.Health.Score, s.Classification.Quadrant, s.RFM.Segment)
		}
	}

	// The relational stage set by the manager shows, and a wrong one is refused.
	if out, _, err := runKam(t, env, "", "stage", "1", "Mid-KAM"); err != nil || !strings.Contains(out, "Mid-KAM stage") {
		t.Fatalf("stage: %v %q", err, out)
	}
	if _, _, err := runKam(t, env, "", "stage", "1", "friends"); err == nil {
		t.Error("an unknown stage was taken")
	}
	readJSON(t, env, &segs, "segments", "--json")
	for _, s := range segs {
		if s.AccountID == 1 && s.Stage != "mid_kam" {
			t.Errorf("account 1 stage %q, want mid_kam", s.Stage)
		}
	}

	// The company's own definition of a key account: none meets an
	// impossible one; a definition naming an unknown field is refused.
	rules := filepath.Join(t.TempDir(), "rules.json")
	os.WriteFile(rules, []byte(`{"all": [{"field": "revenue_12m", "op": ">=", "value": 1e15}]}`), 0o644)
	if _, _, err := runKam(t, env, "", "config", "set", "key_account", rules); err != nil {
		t.Fatal(err)
	}
	readJSON(t, env, &segs, "segments", "--json")
	for _, s := range segs {
		if s.KeyAccount.Key {
			t.Errorf("%s is a key account under an impossible definition", s.Name)
		}
	}
	os.WriteFile(rules, []byte(`{"field": "shoe_size", "op": ">=", "value": 3}`), 0o644)
	if _, _, err := runKam(t, env, "", "config", "set", "key_account", rules); err == nil || !strings.Contains(err.Error(), "shoe_size") {
		t.Errorf("an unknown field: %v", err)
	}
	if out, _, _ := runKam(t, env, "", "config", "get", "key_account"); !strings.Contains(out, "1e15") {
		t.Errorf("config get shows %q, want the definition set before the refused one", out)
	}
}

func TestBacktestReplaysAPeriod(t *testing.T) {
	env := demoEnv(t)
	today := kam.DateOf(time.Now().UTC())
	var days []portfolio.BacktestDay
	readJSON(t, env, &days, "backtest", "--from", today.AddDays(-300).String(), "--step", "60", "--json")
	if len(days) != 4 { // -300, -240, -180, -120; -60 has no 90 days after it
		t.Fatalf("%d days replayed, want 4: %+v", len(days), days)
	}
	for _, d := range days {
		if d.Accounts == 0 || d.Precision < 0 || d.Precision > 1 || d.ForecastWAPE < 0 {
			t.Errorf("day %+v", d)
		}
	}
	if _, _, err := runKam(t, env, "", "backtest", "--from", today.AddDays(-30).String()); err == nil {
		t.Error("a period shorter than the horizon was replayed")
	}
}
