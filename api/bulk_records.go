package api

import (
	"encoding/json"
	"net/http"

	"github.com/kamhq/kam"
)

// contactBulkItem is one contact of POST /api/v1/contacts/bulk: its key in
// the sending system, its account, and the fields to set.
type contactBulkItem struct {
	Source     string         `json:"source"`
	ExternalID string         `json:"external_id"`
	AccountID  int64          `json:"account_id,omitempty"`
	Account    *accountRef    `json:"account,omitempty"`
	FirstName  string         `json:"first_name,omitempty"`
	LastName   string         `json:"last_name,omitempty"`
	Email      string         `json:"email,omitempty"`
	Phone      string         `json:"phone,omitempty"`
	Title      string         `json:"title,omitempty"`
	BuyingRole kam.BuyingRole `json:"buying_role,omitempty"`
}

// dealBulkItem is one deal of POST /api/v1/opportunities/bulk.
type dealBulkItem struct {
	Source      string              `json:"source"`
	ExternalID  string              `json:"external_id"`
	AccountID   int64               `json:"account_id,omitempty"`
	Account     *accountRef         `json:"account,omitempty"`
	Name        string              `json:"name"`
	Kind        kam.OpportunityKind `json:"kind,omitempty"`
	Stage       string              `json:"stage"`
	Amount      kam.Money           `json:"amount"`
	Currency    string              `json:"currency"`
	Probability int                 `json:"probability,omitempty"`
	CloseDate   kam.Date            `json:"close_date"`
	OwnerID     int64               `json:"owner_id,omitempty"`
}

// Field names a bulk item's JSON gives, as the store's upserts compare them.
var (
	contactBulkFields = map[string]string{"account_id": "account_id", "account": "account_id", "first_name": "first_name",
		"last_name": "last_name", "email": "email", "phone": "phone", "title": "title", "buying_role": "buying_role"}
	dealBulkFields = map[string]string{"account_id": "account_id", "account": "account_id", "name": "name", "stage": "stage",
		"amount": "amount", "currency": "currency", "close_date": "close_date", "owner_id": "owner_id"}
)

// givenFields lists the store field names of the JSON fields an item gives.
func givenFields(raw json.RawMessage, names map[string]string) ([]string, error) {
	var given map[string]json.RawMessage
	if err := json.Unmarshal(raw, &given); err != nil {
		return nil, kam.Errorf(kam.EINVALID, "The item is not a JSON object.")
	}
	var fields []string
	for name := range given {
		if f, ok := names[name]; ok {
			fields = append(fields, f)
		}
	}
	return fields, nil
}

// itemKey checks a bulk item's key in the sending system.
func itemKey(source, externalID string) error {
	switch {
	case source == "" || externalID == "":
		return kam.FieldError("external_id", "Each item needs source and external_id: its key in your system.")
	case source == kam.SourceKam:
		return kam.FieldError("source", "The source %q is kam's own; name your system (erp, crm, ...).", kam.SourceKam)
	}
	return nil
}

// BulkContacts serves POST /api/v1/contacts/bulk: {"data": [...]} of up to
// 1,000 contacts upserted by (source, external_id). Each item gives the
// contact's account and name, as a new contact needs; a known key updates
// only the fields the item gives. All or nothing, administrators, with an
// optional Idempotency-Key, as the other batch routes.
func (h *Handler) BulkContacts(w http.ResponseWriter, r *http.Request) {
	runBatch(h, w, r, "contacts/bulk", false, func(iw kam.ImportWriter, in *contactBulkItem, raw json.RawMessage) (itemResult, error) {
		if err := itemKey(in.Source, in.ExternalID); err != nil {
			return itemResult{}, err
		}
		fields, err := givenFields(raw, contactBulkFields)
		if err != nil {
			return itemResult{}, err
		}
		account, err := resolveAccount(iw, in.AccountID, in.Account)
		if err != nil {
			return itemResult{}, err
		}
		c := &kam.Contact{AccountID: account, FirstName: in.FirstName, LastName: in.LastName, Email: in.Email, Phone: in.Phone,
			Title: in.Title, BuyingRole: in.BuyingRole, ExternalID: in.ExternalID}
		out, err := iw.Contact(in.Source, c, fields)
		if err != nil {
			return itemResult{}, err
		}
		return itemResult{ID: c.ID, Source: in.Source, ExternalID: in.ExternalID, Result: out.String()}, nil
	})
}

// BulkOpportunities serves POST /api/v1/opportunities/bulk: {"data": [...]}
// of up to 1,000 deals upserted by (source, external_id), as contacts are;
// each item gives what a new deal needs (account, name, stage, currency,
// close date). A new deal's probability defaults to its stage's.
func (h *Handler) BulkOpportunities(w http.ResponseWriter, r *http.Request) {
	runBatch(h, w, r, "opportunities/bulk", false, func(iw kam.ImportWriter, in *dealBulkItem, raw json.RawMessage) (itemResult, error) {
		if err := itemKey(in.Source, in.ExternalID); err != nil {
			return itemResult{}, err
		}
		fields, err := givenFields(raw, dealBulkFields)
		if err != nil {
			return itemResult{}, err
		}
		account, err := resolveAccount(iw, in.AccountID, in.Account)
		if err != nil {
			return itemResult{}, err
		}
		o := &kam.Opportunity{AccountID: account, Name: in.Name, Kind: in.Kind, Stage: in.Stage, Amount: in.Amount,
			Currency: in.Currency, Probability: in.Probability, CloseDate: in.CloseDate, OwnerID: in.OwnerID,
			Source: in.Source, ExternalID: in.ExternalID}
		if o.Kind == "" {
			o.Kind = kam.OpportunityKinds[0]
		}
		if o.Probability == 0 {
			o.Probability = kam.DefaultProbability[o.Stage]
		}
		out, err := iw.Opportunity(o, fields)
		if err != nil {
			return itemResult{}, err
		}
		return itemResult{ID: o.ID, Source: in.Source, ExternalID: in.ExternalID, Result: out.String()}, nil
	})
}
