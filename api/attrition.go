package api

import (
	"net/http"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// lossBody is the body of PUT /api/v1/accounts/{id}/attrition.
type lossBody struct {
	Reason      string   `json:"reason"`
	Detail      string   `json:"detail,omitempty"`
	Competitor  string   `json:"competitor,omitempty"`
	LostOn      kam.Date `json:"lost_on,omitzero"`
	WinBackOn   kam.Date `json:"winback_on,omitzero"`
	WinBackNote string   `json:"winback_note,omitempty"`
	Version     int64    `json:"version,omitempty"`
}

// reactivateBody is the body of POST /api/v1/accounts/{id}/reactivate.
type reactivateBody struct {
	Status  kam.AccountStatus `json:"status,omitempty"`
	Version int64             `json:"version,omitempty"`
}

// accountAttrition is an account's standing as to attrition: lost or not,
// and every loss on record, the latest first.
type accountAttrition struct {
	AccountID int64             `json:"account_id"`
	Status    kam.AccountStatus `json:"status"`
	Lost      bool              `json:"lost"`
	Losses    []*kam.Loss       `json:"losses"`
	Version   int64             `json:"version"`
}

// attritionVersion is the version of an attrition's account.
func attritionVersion(a *accountAttrition) int64 { return a.Version }

// accountVersionOf is the version of an account.
func accountVersionOf(a *kam.Account) int64 { return a.Version }

// attritionOf reads an account's attrition as p sees it.
func (h *Handler) attritionOf(r *http.Request, p *kam.Principal, id int64) (*accountAttrition, error) {
	a, err := h.st.FindAccountByID(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	losses, err := h.st.AccountLosses(r.Context(), p, id)
	if err != nil {
		return nil, err
	}
	return &accountAttrition{AccountID: id, Status: a.Status, Lost: a.Status == kam.StatusLost, Losses: losses, Version: a.Version}, nil
}

// AccountAttrition serves GET /api/v1/accounts/{id}/attrition: whether the
// account is lost, and its losses with their win-backs.
func (h *Handler) AccountAttrition(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "account")
	var out *accountAttrition
	if err == nil {
		out, err = h.attritionOf(r, httpx.Principal(r.Context()), id)
	}
	writeVersioned(h, w, r, http.StatusOK, out, attritionVersion, err, nil)
}

// PutAccountAttrition serves PUT /api/v1/accounts/{id}/attrition: marks the
// account lost with a reason from the lost reasons, or corrects its loss,
// and may plan a win-back (a day, and a task for the owner). The account's
// version goes in If-Match or the body: 428 without one, 412 when stale.
func (h *Handler) PutAccountAttrition(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "mark accounts lost", "account")
	var body lossBody
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	if err == nil {
		_, err = h.st.MarkLost(r.Context(), p, id, kam.LossInput{Version: body.Version, Reason: body.Reason, Detail: body.Detail,
			Competitor: body.Competitor, LostOn: body.LostOn, WinBackOn: body.WinBackOn, WinBackNote: body.WinBackNote})
	}
	var out *accountAttrition
	if err == nil {
		out, err = h.attritionOf(r, p, id)
	}
	writeVersioned(h, w, r, http.StatusOK, out, attritionVersion, err, func() (*accountAttrition, error) { return h.attritionOf(r, p, id) })
}

// Reactivate serves POST /api/v1/accounts/{id}/reactivate: a lost account
// comes back (active, or onboarding) and counts as won back; an account
// that is not lost stays as it is.
func (h *Handler) Reactivate(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "reactivate accounts", "account")
	var body reactivateBody
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	var a *kam.Account
	if err == nil {
		a, err = h.st.Reactivate(r.Context(), p, id, kam.Reactivation{Version: body.Version, Status: body.Status})
	}
	writeVersioned(h, w, r, http.StatusOK, a, accountVersionOf, err, func() (*kam.Account, error) {
		return h.st.FindAccountByID(r.Context(), p, id)
	})
}

// Attrition serves GET /api/v1/attrition: the accounts lost in a month or
// quarter (period; the one holding day, today by default), what they were
// worth, by reason and by competitor, the win-backs, and the trend.
func (h *Handler) Attrition(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), "period", "day", "trend")
	f := store.AttritionFilter{Period: q.oneOf("period", kam.ReportPeriods), Day: q.date("day", kam.Date{}), Trend: q.intIn("trend", 0, 1, 36)}
	var rep *store.AttritionReport
	err := q.err
	if err == nil {
		rep, err = h.st.FindAttrition(r.Context(), httpx.Principal(r.Context()), f)
	}
	h.writeItem(w, r, http.StatusOK, rep, err)
}

// LostReasons serves GET /api/v1/attrition/reasons: the reasons an account
// may be lost for.
func (h *Handler) LostReasons(w http.ResponseWriter, r *http.Request) {
	reasons, err := h.st.LostReasons(r.Context())
	if err == nil {
		err = newParams(r.URL.Query()).err
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[string]{Data: reasons})
}

// PutLostReasons serves PUT /api/v1/attrition/reasons for administrators:
// the list of reasons, as a JSON array of texts.
func (h *Handler) PutLostReasons(w http.ResponseWriter, r *http.Request) {
	err := adminWrite(httpx.Principal(r.Context()), "change the lost reasons")
	var body []byte
	if err == nil {
		body, err = readSetting(w, r)
	}
	var reasons []string
	if err == nil {
		reasons, err = h.st.SetLostReasons(r.Context(), httpx.Principal(r.Context()), body)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[string]{Data: reasons})
}
