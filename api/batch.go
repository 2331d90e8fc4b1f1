package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/store"
)

// Limits of a batch request.
const (
	maxBatchItems = 1000
	maxBatchBytes = 8 << 20
	maxKeyLength  = 255
)

// itemResult is what a batch did with one item.
type itemResult struct {
	Index      int    `json:"index"`
	ID         int64  `json:"id,omitempty"`
	Source     string `json:"source,omitempty"`
	ExternalID string `json:"external_id,omitempty"`
	// Result is new, changed, unchanged or matched (an account attached to
	// the existing account of the same company).
	Result string `json:"result"`
}

// itemError is why a batch refused one item.
type itemError struct {
	Index   int    `json:"index"`
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// batchResponse answers a batch that was applied whole.
type batchResponse struct {
	Data []itemResult `json:"data"`
}

// batchRefusal answers a batch that was refused: every item at fault, and
// nothing written.
type batchRefusal struct {
	Error  errorDetail `json:"error"`
	Errors []itemError `json:"errors"`
}

// batchEnvelope is the body of a batch: {"data": [item, ...]}.
type batchEnvelope struct {
	Data []json.RawMessage `json:"data"`
}

// applyFunc writes one decoded item; raw is the item's JSON, for routes
// that need to know which fields it gave.
type applyFunc[T any] func(w kam.ImportWriter, item *T, raw json.RawMessage) (itemResult, error)

// runBatch serves a batch route: the body is {"data": [...]} of up to
// maxBatchItems items, or, with single, one item on its own. Every item is
// decoded strictly and applied in one transaction through store.ImportOnce;
// if any is refused, nothing is written and the answer (400) lists each
// refused item with its index, field and reason. An Idempotency-Key header
// makes a retry get the first answer back without writing again.
func runBatch[T any](h *Handler, w http.ResponseWriter, r *http.Request, route string, single bool, apply applyFunc[T]) {
	p, err := writer(r, "send "+route)
	if err == nil && !p.IsAdmin() {
		err = kam.Errorf(kam.EFORBIDDEN, "Only an administrator's token may send %s (integrations run as an administrator).", route)
	}
	var key string
	if err == nil {
		key, err = idempotencyKey(r)
	}
	var body []byte
	if err == nil {
		body, err = readBody(w, r, maxBatchBytes)
	}
	var raws []json.RawMessage
	if err == nil {
		raws, err = batchItems(body, single)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	sum := sha256.Sum256(body)
	once := store.Once{Route: route, Key: key, Hash: hex.EncodeToString(sum[:])}
	answer, err := h.st.ImportOnce(r.Context(), p, once, func(bw store.BatchWriter) (int, []byte, error) {
		var results []itemResult
		var refused []itemError
		for i, raw := range raws {
			var res itemResult
			err := bw.Item(func() (err error) {
				res, err = applyItem(bw, raw, apply)
				return err
			})
			if err != nil && kam.ErrorCode(err) == kam.EINTERNAL {
				return 0, nil, err
			}
			if err != nil {
				refused = append(refused, itemError{Index: i, Code: kam.ErrorCode(err), Field: kam.ErrorField(err), Message: kam.ErrorMessage(err)})
				continue
			}
			res.Index = i
			results = append(results, res)
		}
		if len(refused) > 0 {
			msg := fmt.Sprintf("%d of %d items were refused; nothing was written. Fix them and send the batch again.", len(refused), len(raws))
			b, err := json.Marshal(batchRefusal{Error: errorDetail{Code: kam.EINVALID, Message: msg}, Errors: refused})
			return http.StatusBadRequest, b, err
		}
		b, err := json.Marshal(batchResponse{Data: orEmpty(results)})
		return http.StatusOK, b, err
	})
	if err != nil {
		h.Error(w, r, err)
		return
	}
	if answer.Replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	writeEncoded(w, answer.Status, append(answer.Body, '\n'))
}

// applyItem decodes one item strictly and applies it.
func applyItem[T any](iw kam.ImportWriter, raw json.RawMessage, apply applyFunc[T]) (itemResult, error) {
	var item T
	if err := decodeStrict(bytes.NewReader(raw), &item, maxBatchBytes); err != nil {
		return itemResult{}, err
	}
	return apply(iw, &item, raw)
}

// batchItems splits a batch body into its items' JSON.
func batchItems(body []byte, single bool) ([]json.RawMessage, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, kam.Errorf(kam.EINVALID, "Send a JSON object as the body: {\"data\": [...]}.")
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &probe); err != nil {
		return nil, bodyError(err, maxBatchBytes)
	}
	if _, ok := probe["data"]; !ok || (single && len(probe) > 1) {
		if single {
			return []json.RawMessage{trimmed}, nil
		}
		return nil, kam.FieldError("data", "Send the items as {\"data\": [...]}.")
	}
	var env batchEnvelope
	if err := decodeStrict(bytes.NewReader(trimmed), &env, maxBatchBytes); err != nil {
		return nil, err
	}
	switch {
	case len(env.Data) == 0:
		return nil, kam.FieldError("data", "The batch is empty; send at least one item.")
	case len(env.Data) > maxBatchItems:
		return nil, kam.FieldError("data", "A batch holds at most %d items, not %d; split it.", maxBatchItems, len(env.Data))
	}
	return env.Data, nil
}

// idempotencyKey reads the Idempotency-Key header: up to 255 visible ASCII
// characters, or none.
func idempotencyKey(r *http.Request) (string, error) {
	values := r.Header.Values("Idempotency-Key")
	if len(values) == 0 {
		return "", nil
	}
	k := values[0]
	if len(values) > 1 || k == "" || len(k) > maxKeyLength {
		return "", kam.FieldError("Idempotency-Key", "Idempotency-Key must be one value of 1 to %d characters, such as a UUID.", maxKeyLength)
	}
	for _, c := range k {
		if c < '!' || c > '~' {
			return "", kam.FieldError("Idempotency-Key", "Idempotency-Key may hold only visible ASCII characters.")
		}
	}
	return k, nil
}

// accountRef names an account by kam id or by its id in another system.
type accountRef struct {
	Source     string `json:"source"`
	ExternalID string `json:"external_id"`
}

// resolveAccount finds the account an item names: account_id, or account
// {source, external_id}.
func resolveAccount(iw kam.ImportWriter, id int64, ref *accountRef) (int64, error) {
	switch {
	case id != 0 && ref != nil:
		return 0, kam.FieldError("account", "Give account_id or account, not both.")
	case id != 0:
		found, err := iw.AccountID(kam.SourceKam, strconv.FormatInt(id, 10))
		if err == nil && found == 0 {
			err = kam.FieldError("account_id", "No account %d.", id)
		}
		return found, err
	case ref != nil && (ref.Source == "" || ref.ExternalID == ""):
		return 0, kam.FieldError("account", "account needs both source and external_id.")
	case ref != nil:
		found, err := iw.AccountID(ref.Source, ref.ExternalID)
		if err == nil && found == 0 {
			err = kam.FieldError("account.external_id", "No account has %s id %q.", ref.Source, ref.ExternalID)
		}
		return found, err
	}
	return 0, kam.FieldError("account_id", "Give the account: account_id, or account {\"source\", \"external_id\"}.")
}
