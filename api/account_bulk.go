package api

import (
	"encoding/json"
	"net/http"

	"github.com/kamhq/kam"
)

// accountBulkItem is one account of POST /api/v1/accounts/bulk: its key in
// the sending system and the fields to set. Parent may name the parent
// account in the same system instead of by kam id.
type accountBulkItem struct {
	Source     string      `json:"source"`
	ExternalID string      `json:"external_id"`
	Parent     *accountRef `json:"parent,omitempty"`
	accountInput
}

// bulkFieldNames maps a bulk item's JSON fields to the names the store's
// upsert compares; fields not listed are keys, not values.
var bulkFieldNames = map[string]string{"name": "name", "legal_name": "legal_name", "tax_id": "tax_id", "industry": "industry",
	"country": "country", "segment": "segment", "tier": "tier", "currency": "currency", "status": "status",
	"parent_id": "parent_id", "parent": "parent_id", "owner_id": "owner_id", "domains": "domain"}

// BulkAccounts serves POST /api/v1/accounts/bulk: {"data": [...]} of up to
// 1,000 accounts, each upserted by (source, external_id). A new key makes a
// new account, unless the company already has one (same tax id, domain, or
// name in the same country): the key is then attached to it ("matched").
// A known key updates only the fields the item gives. All or nothing, with
// an optional Idempotency-Key, as the other batch routes.
func (h *Handler) BulkAccounts(w http.ResponseWriter, r *http.Request) {
	runBatch(h, w, r, "accounts/bulk", false, func(iw kam.ImportWriter, in *accountBulkItem, raw json.RawMessage) (itemResult, error) {
		if err := itemKey(in.Source, in.ExternalID); err != nil {
			return itemResult{}, err
		}
		a := in.account()
		if in.Parent != nil {
			if in.ParentID != 0 {
				return itemResult{}, kam.FieldError("parent", "Give parent_id or parent, not both.")
			}
			parent, err := resolveAccount(iw, 0, in.Parent)
			if err != nil {
				return itemResult{}, kam.FieldError("parent", "%s", kam.ErrorMessage(err))
			}
			a.ParentID = parent
		}
		fields, err := givenFields(raw, bulkFieldNames)
		if err != nil {
			return itemResult{}, err
		}
		out, err := iw.Account(in.Source, in.ExternalID, a, fields)
		if err != nil {
			return itemResult{}, err
		}
		id := a.ID
		if id == 0 {
			if id, err = iw.AccountID(in.Source, in.ExternalID); err != nil {
				return itemResult{}, err
			}
		}
		return itemResult{ID: id, Source: in.Source, ExternalID: in.ExternalID, Result: out.String()}, nil
	})
}
