package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestInsightWrites changes a flag's state, a stage and a setting, and
// checks that the changes show.
func TestInsightWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newPortfolioFixture(t, s)
		var flags []struct{ ID, AccountID int64 }
		f.get(t, "/api/v1/flags", f.am1, &flags)
		if len(flags) == 0 {
			t.Fatal("no stored flags")
		}
		state := fmt.Sprintf("/api/v1/flags/%d/state", flags[0].ID)
		if res := f.call(t, "POST", state, f.am1, `{"state": "acknowledged", "reason": "called them"}`); res.status != 204 {
			t.Fatalf("acknowledge: %d %+v", res.status, res.Error)
		}
		var acked []struct{ ID int64 }
		if f.get(t, "/api/v1/flags?state=acknowledged", f.am1, &acked); len(acked) != 1 || acked[0].ID != flags[0].ID {
			t.Errorf("acknowledged flags %+v", acked)
		}
		if res := f.call(t, "POST", state, f.am1, `{"state": "dismissed", "reason": "a known pause"}`); res.status != 204 {
			t.Errorf("dismiss: %d %+v", res.status, res.Error)
		}

		stage := fmt.Sprintf("/api/v1/accounts/%d/stage", f.group.ID)
		res := f.call(t, "PUT", stage, f.am1, `{"stage": "Mid KAM"}`)
		var entry struct {
			AccountID int64  `json:"account_id"`
			Stage     string `json:"relational_stage"`
		}
		if res.status != 200 || json.Unmarshal(res.Data, &entry) != nil || entry.AccountID != f.group.ID || entry.Stage != "mid_kam" {
			t.Errorf("set stage: %d %s %+v", res.status, res.Data, res.Error)
		}
		var ins struct {
			Classifications []struct {
				Stage string `json:"relational_stage"`
			}
		}
		if f.get(t, fmt.Sprintf("/api/v1/accounts/%d/insights", f.group.ID), f.am1, &ins); len(ins.Classifications) == 0 || ins.Classifications[0].Stage != "mid_kam" {
			t.Errorf("classification history %+v", ins.Classifications)
		}

		type setting struct {
			Key            string
			DefaultApplies bool `json:"default_applies"`
			Value          json.RawMessage
		}
		var got setting
		if f.get(t, "/api/v1/settings/key_account", f.am1, &got); got.Key != "key_account" || !got.DefaultApplies || string(got.Value) != "null" {
			t.Errorf("unset setting %+v", got)
		}
		rules := `{"any": [{"field": "tier", "op": "=", "value": "key"}]}`
		if res := f.call(t, "PUT", "/api/v1/settings/key_account", f.admin, rules); res.status != 200 {
			t.Errorf("put setting: %d %+v", res.status, res.Error)
		}
		if f.get(t, "/api/v1/settings/key_account", f.am2, &got); got.DefaultApplies || !strings.Contains(string(got.Value), `"value":"key"`) {
			t.Errorf("setting after the change %+v (%s)", got, got.Value)
		}
	})
}

// TestInsightRefusals checks the answers to what the insight routes refuse:
// out of scope, read-only tokens, non-admins, malformed input.
func TestInsightRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newPortfolioFixture(t, s)
		var flags []struct{ ID int64 }
		f.get(t, "/api/v1/flags", f.am1, &flags)
		if len(flags) == 0 {
			t.Fatal("no stored flags")
		}
		state := fmt.Sprintf("/api/v1/flags/%d/state", flags[0].ID)
		stage := fmt.Sprintf("/api/v1/accounts/%d/stage", f.group.ID)
		for _, tc := range []struct {
			name, method, path, token, body string
			status                          int
			field, msg                      string
		}{
			{"as_of malformed: flags", "GET", "/api/v1/flags?as_of=2026-13-01", f.am1, "", 400, "as_of", "YYYY-MM-DD"},
			{"as_of malformed: queue", "GET", "/api/v1/queue?as_of=yesterday", f.am1, "", 400, "as_of", "YYYY-MM-DD"},
			{"as_of malformed: forecasts", "GET", "/api/v1/forecasts?as_of=30.06.2026", f.am1, "", 400, "as_of", "YYYY-MM-DD"},
			{"as_of malformed: recommendations", "GET", "/api/v1/recommendations?as_of=2026-6-30", f.am1, "", 400, "as_of", "YYYY-MM-DD"},
			{"as_of malformed: segments", "GET", "/api/v1/segments?as_of=x", f.am1, "", 400, "as_of", "YYYY-MM-DD"},
			{"unknown parameter", "GET", "/api/v1/segments?asof=2026-06-30", f.am1, "", 400, "asof", "Unknown parameter"},
			{"parameter twice", "GET", "/api/v1/queue?limit=1&limit=2", f.am1, "", 400, "limit", "once"},
			{"months out of range", "GET", "/api/v1/forecasts?months=25", f.am1, "", 400, "months", "1 to 24"},
			{"state with as_of", "GET", "/api/v1/flags?as_of=2026-06-30&state=open", f.am1, "", 400, "state", "no state"},
			{"unknown flag state", "GET", "/api/v1/flags?state=closed", f.am1, "", 400, "state", "one of"},
			{"dismissal without reason", "POST", state, f.am1, `{"state": "dismissed", "reason": "  "}`, 400, "reason", "Say why"},
			{"reopening", "POST", state, f.am1, `{"state": "open"}`, 400, "state", "acknowledged"},
			{"no state", "POST", state, f.am1, `{}`, 400, "state", "Give state"},
			{"unknown field", "POST", state, f.am1, `{"state": "resolved", "why": "x"}`, 400, "why", "Unknown field"},
			{"malformed JSON", "POST", state, f.am1, `{"state": `, 400, "", "not valid JSON"},
			{"flag read only", "POST", state, f.am1Read, `{"state": "resolved"}`, 403, "", "read only"},
			{"flag out of scope", "POST", state, f.am2, `{"state": "resolved"}`, 404, "", "not found"},
			{"no such flag", "POST", "/api/v1/flags/999999/state", f.am1, `{"state": "resolved"}`, 404, "", "not found"},
			{"flag id", "POST", "/api/v1/flags/x/state", f.am1, `{"state": "resolved"}`, 400, "id", "whole number"},
			{"insights out of scope", "GET", fmt.Sprintf("/api/v1/accounts/%d/insights", f.other.ID), f.am1, "", 404, "", "not found"},
			{"insights of no account", "GET", "/api/v1/accounts/999999/insights", f.am1, "", 404, "", "not found"},
			{"insights with as_of", "GET", fmt.Sprintf("/api/v1/accounts/%d/insights?as_of=2026-06-30", f.group.ID), f.am1, "", 400, "as_of", "Unknown parameter"},
			{"unknown stage", "PUT", stage, f.am1, `{"stage": "honeymoon"}`, 400, "stage", "is not one of"},
			{"stage read only", "PUT", stage, f.am1Read, `{"stage": "mid_kam"}`, 403, "", "read only"},
			{"stage out of scope", "PUT", fmt.Sprintf("/api/v1/accounts/%d/stage", f.other.ID), f.am1, `{"stage": "mid_kam"}`, 404, "", "not found"},
			{"stage by POST", "POST", stage, f.am1, `{"stage": "mid_kam"}`, 405, "", "PUT"},
			{"setting by a non-admin", "PUT", "/api/v1/settings/key_account", f.am1, `{"any": []}`, 403, "", "administrator"},
			{"setting invalid", "PUT", "/api/v1/settings/health_weights", f.admin, `{"payment": -5}`, 400, "health_weights", ""},
			{"setting unknown part", "PUT", "/api/v1/settings/health_weights", f.admin, `{"mood": 5}`, 400, "health_weights", "mood"},
			{"setting malformed", "PUT", "/api/v1/settings/classification", f.admin, `{"threshold": `, 400, "classification", "JSON"},
			{"setting empty", "PUT", "/api/v1/settings/classification", f.admin, ``, 400, "", "JSON value"},
			{"unknown setting", "GET", "/api/v1/settings/colours", f.am1, "", 404, "", "no setting"},
			{"unknown setting put", "PUT", "/api/v1/settings/colours", f.admin, `{}`, 404, "", "no setting"},
		} {
			res := f.call(t, tc.method, tc.path, tc.token, tc.body)
			if res.status != tc.status || res.Error.Field != tc.field || !strings.Contains(res.Error.Message, tc.msg) {
				t.Errorf("%s: %d %+v; want %d on %q with %q", tc.name, res.status, res.Error, tc.status, tc.field, tc.msg)
			}
		}
		// Nothing refused changed anything.
		var got struct {
			DefaultApplies bool `json:"default_applies"`
		}
		if f.get(t, "/api/v1/settings/health_weights", f.am1, &got); !got.DefaultApplies {
			t.Error("a refused PUT changed the setting")
		}
	})
}
