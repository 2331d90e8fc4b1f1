package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
	"github.com/kamhq/kam/store/storetest"
)

func TestContractAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)

		body := fmt.Sprintf(`{"account_id": %d, "name": "Framework 2027", "start_date": "2027-01-01", "end_date": "2028-12-31",
			"value": "240000.00", "currency": "EUR", "notice_days": 90}`, f.group.ID)
		created := f.call(t, "POST", "/api/v1/contracts", write, body)
		var k kam.Contract
		if created.status != 201 || json.Unmarshal(created.body.Data, &k) != nil || k.ID == 0 || k.Status != "active" ||
			created.header.Get("ETag") != `"1"` || created.header.Get("Location") != fmt.Sprintf("/api/v1/contracts/%d", k.ID) {
			t.Fatalf("create: %d %s", created.status, created.raw)
		}
		path := fmt.Sprintf("/api/v1/contracts/%d", k.ID)
		wantError(t, "end before start", f.call(t, "POST", "/api/v1/contracts", write, strings.Replace(body, "2028-12-31", "2026-12-31", 1)),
			400, kam.EINVALID, "end_date")
		wantError(t, "notice too long", f.call(t, "POST", "/api/v1/contracts", write, strings.Replace(body, `"notice_days": 90`, `"notice_days": 4000`, 1)),
			400, kam.EINVALID, "notice_days")
		wantError(t, "unknown field", f.call(t, "POST", "/api/v1/contracts", write, strings.Replace(body, `"notice_days"`, `"notice"`, 1)),
			400, kam.EINVALID, "notice")
		wantError(t, "wrong type", f.call(t, "POST", "/api/v1/contracts", write, strings.Replace(body, `"notice_days": 90`, `"notice_days": "90"`, 1)),
			400, kam.EINVALID, "notice_days")
		wantError(t, "another's account", f.call(t, "POST", "/api/v1/contracts", write, strings.Replace(body, fmt.Sprint(f.group.ID), fmt.Sprint(f.other.ID), 1)),
			400, kam.EINVALID, "account_id")
		wantError(t, "read-only token", f.call(t, "POST", "/api/v1/contracts", f.readToken, body), 403, kam.EFORBIDDEN, "")
		wantError(t, "no token", f.call(t, "GET", path, "", ""), 401, kam.EUNAUTHORIZED, "")
		wantError(t, "a bad filter", f.call(t, "GET", "/api/v1/contracts?status=signed", write, ""), 400, kam.EINVALID, "status")
		wantError(t, "a bad day", f.call(t, "GET", "/api/v1/contracts?ending_before=tomorrow", write, ""), 400, kam.EINVALID, "ending_before")
		if list := f.call(t, "GET", "/api/v1/contracts?ending_before=2029-01-01&sort=name", f.readToken, ""); list.status != 200 ||
			!strings.Contains(list.raw, `"notice_date":"2028-10-02"`) || !strings.Contains(list.raw, `"account_name":"Nordic Foods Group"`) {
			t.Errorf("list: %d %s", list.status, list.raw)
		}
		if list := f.call(t, "GET", "/api/v1/contracts", admin, ""); list.status != 200 || !strings.Contains(list.raw, "Framework 2027") {
			t.Errorf("the administrator's list: %d %s", list.status, list.raw)
		}

		// PATCH: 428 without a version, 412 with the contract as it is now.
		wantError(t, "no If-Match", f.call(t, "PATCH", path, write, `{"status": "draft"}`), 428, kam.EPRECONDITION, "")
		changed := f.call(t, "PATCH", path, write, `{"renewal_terms": "<b>12 months</b>"}`, "If-Match", `"1"`)
		if changed.status != 200 || changed.header.Get("ETag") != `"2"` {
			t.Fatalf("patch: %d %s", changed.status, changed.raw)
		}
		stale := f.call(t, "PATCH", path, write, `{"status": "draft"}`, "If-Match", `"1"`)
		wantError(t, "stale", stale, 412, kam.ESTALE, "")
		if !strings.Contains(stale.raw, `"version":2`) || stale.header.Get("ETag") != `"2"` {
			t.Errorf("a stale change shows the contract as it is now: %s", stale.raw)
		}
		wantError(t, "bad status", f.call(t, "PATCH", path, write, `{"status": "signed"}`, "If-Match", `"2"`), 400, kam.EINVALID, "status")
		wantError(t, "method", f.call(t, "PUT", path, write, `{}`), 405, "method_not_allowed", "")

		// DELETE is soft; an administrator restores.
		wantError(t, "stale delete", f.call(t, "DELETE", path, write, "", "If-Match", `"1"`), 412, kam.ESTALE, "")
		if del := f.call(t, "DELETE", path, write, "", "If-Match", `"2"`); del.status != 204 {
			t.Fatalf("delete: %d %s", del.status, del.raw)
		}
		wantError(t, "deleted", f.call(t, "GET", path, write, ""), 404, kam.ENOTFOUND, "")
		wantError(t, "restore by an AM", f.call(t, "POST", path+"/restore", write, ""), 403, kam.EFORBIDDEN, "")
		if back := f.call(t, "POST", path+"/restore", admin, ""); back.status != 200 || back.header.Get("ETag") != `"4"` {
			t.Errorf("restore: %d %s", back.status, back.raw)
		}
	})
}

func TestProductAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newFixture(t, s)
		write, admin := f.writeTokens(t)
		body := `{"sku": "PT-400", "name": "Pump 400", "family": "Pumps", "list_price": "250.00", "currency": "EUR"}`
		wantError(t, "an AM adds a product", f.call(t, "POST", "/api/v1/products", write, body), 403, kam.EFORBIDDEN, "")
		created := f.call(t, "POST", "/api/v1/products", admin, body)
		var p kam.Product
		if created.status != 201 || json.Unmarshal(created.body.Data, &p) != nil || !p.Active || p.Version != 1 {
			t.Fatalf("create: %d %s", created.status, created.raw)
		}
		wantError(t, "taken SKU", f.call(t, "POST", "/api/v1/products", admin, body), 409, kam.ECONFLICT, "")
		wantError(t, "unknown field", f.call(t, "POST", "/api/v1/products", admin, `{"sku": "X", "price": 1}`), 400, kam.EINVALID, "price")
		path := fmt.Sprintf("/api/v1/products/%d", p.ID)
		if got := f.call(t, "GET", path, f.readToken, ""); got.status != 200 || got.header.Get("ETag") != `"1"` {
			t.Errorf("everyone reads the catalogue: %d %s", got.status, got.raw)
		}
		if list := f.call(t, "GET", "/api/v1/products?q=pump&active=true&family=Pumps", f.readToken, ""); list.status != 200 || !strings.Contains(list.raw, "PT-400") {
			t.Errorf("list: %d %s", list.status, list.raw)
		}
		wantError(t, "bad active", f.call(t, "GET", "/api/v1/products?active=yes", f.readToken, ""), 400, kam.EINVALID, "active")
		wantError(t, "bad sort", f.call(t, "GET", "/api/v1/products?sort=price", f.readToken, ""), 400, kam.EINVALID, "sort")
		wantError(t, "no If-Match", f.call(t, "PATCH", path, admin, `{"active": false}`), 428, kam.EPRECONDITION, "")
		wantError(t, "an AM patches", f.call(t, "PATCH", path, write, `{"active": false}`, "If-Match", `"1"`), 403, kam.EFORBIDDEN, "")
		if off := f.call(t, "PATCH", path, admin, `{"active": false}`, "If-Match", `"1"`); off.status != 200 || !strings.Contains(off.raw, `"active":false`) {
			t.Errorf("deactivate: %d %s", off.status, off.raw)
		}
		wantError(t, "stale", f.call(t, "PATCH", path, admin, `{"name": "X"}`, "If-Match", `"1"`), 412, kam.ESTALE, "")
		wantError(t, "no delete", f.call(t, "DELETE", path, admin, ""), 405, "method_not_allowed", "")

		// Bulk: all or nothing, with each refused item's index and field.
		refused := f.call(t, "POST", "/api/v1/products/bulk", admin, `{"data": [{"sku": "PT-400", "name": "Pump 400 Mk2"},
			{"sku": "VL-10", "name": "Valve"}, {"sku": "VL-11", "name": "Valve", "currency": "EUR", "list_price": "-1"}]}`)
		if refused.status != 400 || !strings.Contains(refused.raw, `"index":1`) || !strings.Contains(refused.raw, `"field":"currency"`) ||
			!strings.Contains(refused.raw, `"index":2`) || !strings.Contains(refused.raw, `"field":"list_price"`) {
			t.Errorf("refused batch: %d %s", refused.status, refused.raw)
		}
		if got := f.call(t, "GET", path, admin, ""); !strings.Contains(got.raw, `"name":"Pump 400"`) {
			t.Errorf("a refused batch wrote: %s", got.raw)
		}
		wantError(t, "bulk by an AM", f.call(t, "POST", "/api/v1/products/bulk", write, `{"data": [{"sku": "A"}]}`), 403, kam.EFORBIDDEN, "")
		ok := f.call(t, "POST", "/api/v1/products/bulk", admin, `{"data": [{"sku": "PT-400", "name": "Pump 400 Mk2", "active": true},
			{"sku": "VL-10", "name": "Valve", "currency": "EUR"}]}`)
		if ok.status != 200 || !strings.Contains(ok.raw, `"result":"changed"`) || !strings.Contains(ok.raw, `"result":"new"`) {
			t.Errorf("batch: %d %s", ok.status, ok.raw)
		}
		if got := f.call(t, "GET", path, admin, ""); got.header.Get("ETag") != `"3"` {
			t.Errorf("the batch advanced the version: %v %s", got.header, got.raw)
		}
	})
}
