package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

// TestTargetsAPI: an administrator sets a quota by its period's key, reads
// it with its version, changes it from that version (428 without one, 412
// with the target as it is now from an old one), is refused a closed
// period, a second quota and a fiscal year that would break it, and reads
// the period's attainment.
func TestTargetsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		ctx, sys := context.Background(), kam.System()
		admin := &kam.User{Username: "root", DisplayName: "Ada Admin", Role: kam.RoleAdmin}
		must(t, s.CreateUser(ctx, sys, admin, testPassword))
		_, token, err := s.CreateToken(ctx, sys, "root", "targets", false, nil)
		must(t, err)
		call := func(method, target, body string, opts ...option) (int, map[string]any) {
			t.Helper()
			opts = append(opts, bearer(token))
			if body != "" {
				opts = append(opts, jsonRequest(body))
			}
			w := f.do(t, method, target, opts...)
			var out map[string]any
			if w.Body.Len() > 0 {
				must(t, json.Unmarshal(w.Body.Bytes(), &out))
			}
			return w.Code, out
		}
		cal := kam.DefaultFiscalCalendar()
		q := cal.At(kam.PeriodQuarter, kam.DateOf(time.Now()))
		code, body := call("POST", "/api/v1/targets", fmt.Sprintf(`{"user_id": %d, "period": %q, "amount": 90000, "currency": "EUR"}`, f.am1.ID, q.Key()))
		if code != 201 {
			t.Fatalf("create: %d %v", code, body)
		}
		data := body["data"].(map[string]any)
		id := int64(data["id"].(float64))
		if data["period"] != q.Key() || data["period_label"] != q.Label() || data["basis"] != "orders" || data["version"] != 1.0 {
			t.Errorf("created %v", data)
		}
		target := fmt.Sprintf("/api/v1/targets/%d", id)
		if code, body := call("PATCH", target, `{"amount": 95000}`); code != 428 {
			t.Errorf("a change without a version: %d %v", code, body)
		}
		if code, body := call("PATCH", target, `{"amount": 95000}`, header("If-Match", `"1"`)); code != 200 || body["data"].(map[string]any)["version"] != 2.0 {
			t.Errorf("a change: %d %v", code, body)
		}
		code, body = call("PATCH", target, `{"amount": 1, "version": 1}`)
		if code != 412 || body["data"].(map[string]any)["amount"] != 95000.0 {
			t.Errorf("a stale change: %d %v", code, body)
		}
		prev := cal.Shift(q, -1)
		code, body = call("POST", "/api/v1/targets", fmt.Sprintf(`{"user_id": %d, "period": %q, "amount": 1, "currency": "EUR"}`, f.am2.ID, prev.Key()))
		if code != 400 || !strings.Contains(fmt.Sprint(body), "ended on") {
			t.Errorf("a closed period: %d %v", code, body)
		}
		code, _ = call("POST", "/api/v1/targets", fmt.Sprintf(`{"user_id": %d, "period_start": %q, "period_end": %q, "amount": 1, "currency": "EUR"}`,
			f.am1.ID, q.First, q.Last))
		if code != 409 {
			t.Errorf("a second quota for the quarter: %d", code)
		}
		if code, body := call("POST", "/api/v1/targets", fmt.Sprintf(`{"user_id": %d, "period": %q, "period_start": %q, "amount": 1, "currency": "EUR"}`,
			f.am2.ID, q.Key(), q.First)); code != 400 {
			t.Errorf("a period twice: %d %v", code, body)
		}
		// With a February start no quarter begins in January, April, July or October.
		if code, body := call("PUT", "/api/v1/fiscal-year", `{"start_month": 2}`); code != 409 {
			t.Errorf("a fiscal year that breaks an open quarter: %d %v", code, body)
		}
		if code, body := call("GET", "/api/v1/fiscal-year", ""); code != 200 || body["data"].(map[string]any)["start_month"] != 1.0 {
			t.Errorf("the fiscal year: %d %v", code, body)
		}
		code, body = call("GET", "/api/v1/attainment?period="+q.Key(), "")
		if code != 200 || !strings.Contains(fmt.Sprint(body), "Alex Morgan") {
			t.Errorf("attainment: %d %v", code, body)
		}
		if code, _ := call("DELETE", target, "", header("If-Match", `"1"`)); code != 412 {
			t.Errorf("a stale delete: %d", code)
		}
		if code, _ := call("DELETE", target, "", header("If-Match", `"2"`)); code != 204 {
			t.Errorf("delete: %d", code)
		}
		if code, _ := call("GET", target, ""); code != 404 {
			t.Errorf("a deleted target: %d", code)
		}
	})
}
