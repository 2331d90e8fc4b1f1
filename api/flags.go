package api

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/server/httpx"
)

// The insight API reads what kam computes of each account: its flags (what
// changed), the contact queue, forecasts, recommendations, segments and the
// stored roll-ups, all scoped by the store to the token's user. The list
// routes take as_of=YYYY-MM-DD (default today) and judge from what was known
// on that day.

// flagParams are the query parameters of GET /api/v1/flags.
var flagParams = []string{"as_of", "state"}

// storedFlag is a flag kam keeps, with its account's external ids.
type storedFlag struct {
	*kam.AccountFlag
	ExternalIDs []kam.ExternalID `json:"external_ids"`
}

// flagChanges are the states a user may put a flag in. The store does not
// reopen flags: a recompute raises a resolved flag's cause again while it is
// still seen.
var flagChanges = []string{"acknowledged", "resolved", "dismissed"}

// flagStateRequest is the body of POST /api/v1/flags/{id}/state.
type flagStateRequest struct {
	State  string `json:"state"`
	Reason string `json:"reason"`
}

// ListFlags serves GET /api/v1/flags. Without as_of it lists the flags kam
// keeps in a state (open, acknowledged, resolved or dismissed; default
// open), the most severe and newest first. With as_of it computes every flag
// the accounts' histories raise as of that day, as kam flags --as-of does;
// those have no id and no state, so state cannot be given with it.
func (h *Handler) ListFlags(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), flagParams...)
	day := q.date("as_of", kam.Date{})
	state := q.oneOf("state", kam.FlagStates)
	if !day.IsZero() && state != "" {
		q.fail(kam.FieldError("state", "Flags computed as of a day have no state; leave out state, or as_of for the stored flags."))
	}
	if q.err != nil {
		h.Error(w, r, q.err)
		return
	}
	ctx, p := r.Context(), httpx.Principal(r.Context())
	if !day.IsZero() {
		flags, err := portfolio.FlagsAsOf(ctx, h.st, p, day)
		if err != nil {
			h.Error(w, r, err)
			return
		}
		h.writeJSON(w, r, http.StatusOK, listResponse[portfolio.FlagRow]{Data: flags})
		return
	}
	flags, err := h.st.FindFlags(ctx, p, cmp.Or(state, "open"))
	var rows []storedFlag
	if err == nil {
		rows, err = h.withExternalIDs(ctx, p, flags)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[storedFlag]{Data: rows})
}

// lookupAll is how many accounts externalIDs reads one by one; past it,
// one pass over the user's accounts is cheaper.
const lookupAll = 50

// withExternalIDs adds to stored flags their accounts' external ids.
func (h *Handler) withExternalIDs(ctx context.Context, p *kam.Principal, flags []*kam.AccountFlag) ([]storedFlag, error) {
	ids := map[int64][]kam.ExternalID{}
	for _, f := range flags {
		ids[f.AccountID] = nil
	}
	if err := h.externalIDs(ctx, p, ids); err != nil {
		return nil, err
	}
	out := make([]storedFlag, len(flags))
	for i, f := range flags {
		out[i] = storedFlag{f, orEmpty(ids[f.AccountID])}
	}
	return out, nil
}

// externalIDs fills ids, keyed by account id, with the external ids of those
// accounts p may see. An account deleted meanwhile keeps none.
func (h *Handler) externalIDs(ctx context.Context, p *kam.Principal, ids map[int64][]kam.ExternalID) error {
	if len(ids) > lookupAll {
		return h.st.EachAccount(ctx, p, kam.AccountFilter{}, func(a *kam.Account) error {
			if _, ok := ids[a.ID]; ok {
				ids[a.ID] = a.ExternalIDs
			}
			return nil
		})
	}
	for id := range ids {
		a, err := h.st.FindAccountByID(ctx, p, id)
		switch {
		case err == nil:
			ids[id] = a.ExternalIDs
		case kam.ErrorCode(err) != kam.ENOTFOUND:
			return err
		}
	}
	return nil
}

// SetFlagState serves POST /api/v1/flags/{id}/state with the body
// {"state": "acknowledged", "reason": "..."}: it acknowledges, resolves or
// dismisses a flag on an account the token's user may change (dismissing
// needs a reason). It answers 204. A flag out of the user's scope is not
// found; a read-only token is refused.
func (h *Handler) SetFlagState(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change flags", "flag")
	var body flagStateRequest
	if err == nil {
		err = readJSON(w, r, &body)
	}
	body.Reason = strings.TrimSpace(body.Reason)
	switch {
	case err != nil:
	case body.State == "":
		err = kam.FieldError("state", "Give state: acknowledged, resolved or dismissed.")
	case !slices.Contains(flagChanges, body.State):
		err = kam.FieldError("state", "state must be one of %v, not %q; a recompute raises a flag again by itself while its cause is seen.", flagChanges, body.State)
	case body.State == "dismissed" && body.Reason == "":
		err = kam.FieldError("reason", "Say why the flag does not matter, so that others know.")
	}
	if err == nil {
		err = h.st.SetFlagState(r.Context(), p, id, body.State, body.Reason)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

// accountChange checks a request that changes something of one account, such
// as a flag or its stage: a token that may write, no query parameters, and
// the id of the path, a thing such as "flag". Whether the user may change
// that account is the store's to say.
func (h *Handler) accountChange(r *http.Request, doing, thing string) (*kam.Principal, int64, error) {
	p := httpx.Principal(r.Context())
	if p.ReadOnly {
		return p, 0, kam.Errorf(kam.EFORBIDDEN, "This token is read only; to %s, use a token that may write.", doing)
	}
	id, err := pathTarget(r, thing)
	return p, id, err
}

// date returns a day given as YYYY-MM-DD, def when absent.
func (p *params) date(name string, def kam.Date) kam.Date {
	s := p.v.Get(name)
	if s == "" {
		return def
	}
	d, err := kam.ParseDate(s)
	if err != nil {
		p.fail(kam.FieldError(name, "%s must be a day as YYYY-MM-DD, not %q.", name, s))
		return def
	}
	return d
}
