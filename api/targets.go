package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// targetListParams are the query parameters of GET /api/v1/targets.
var targetListParams = []string{"user_id", "org_unit_id", "account_id", "kind", "period", "limit", "after"}

// targetInput is the body of POST /api/v1/targets: one of user_id,
// org_unit_id and account_id, and the period as a key or as its days.
type targetInput struct {
	UserID      int64     `json:"user_id,omitempty"`
	OrgUnitID   int64     `json:"org_unit_id,omitempty"`
	AccountID   int64     `json:"account_id,omitempty"`
	Period      string    `json:"period,omitempty"`
	PeriodStart kam.Date  `json:"period_start,omitzero"`
	PeriodEnd   kam.Date  `json:"period_end,omitzero"`
	Kind        string    `json:"kind,omitempty"`
	Basis       string    `json:"basis,omitempty"`
	Amount      kam.Money `json:"amount,omitempty"`
	Currency    string    `json:"currency,omitempty"`
	Description string    `json:"description,omitempty"`
}

// targetPatch is the body of PATCH /api/v1/targets/{id}.
type targetPatch struct {
	Version     int64      `json:"version,omitempty"`
	Period      *string    `json:"period,omitempty"`
	PeriodStart *kam.Date  `json:"period_start,omitempty"`
	PeriodEnd   *kam.Date  `json:"period_end,omitempty"`
	Amount      *kam.Money `json:"amount,omitempty"`
	Currency    *string    `json:"currency,omitempty"`
	Basis       *string    `json:"basis,omitempty"`
	Description *string    `json:"description,omitempty"`
}

// fiscalYearInput is the body of PUT /api/v1/fiscal-year.
type fiscalYearInput struct {
	StartMonth int `json:"start_month"`
}

// periodDays reads a period given as a key (FY2027-Q1) into its days;
// without a key the days given stand, and giving both is an error.
func periodDays(cal kam.FiscalCalendar, key string, first, last kam.Date) (kam.Date, kam.Date, error) {
	if key == "" {
		return first, last, nil
	}
	if !first.IsZero() || !last.IsZero() {
		return first, last, kam.FieldError("period", "Give the period as period (FY2027-Q1) or as period_start and period_end, not both.")
	}
	p, err := cal.ParsePeriod(key)
	return p.First, p.Last, err
}

// dayOf is the day d points to, the zero day for nil.
func dayOf(d *kam.Date) kam.Date {
	if d == nil {
		return kam.Date{}
	}
	return *d
}

// ListTargets serves GET /api/v1/targets: one page of the targets the
// token's user may see, the earliest period first.
func (h *Handler) ListTargets(w http.ResponseWriter, r *http.Request) {
	p := newParams(r.URL.Query(), targetListParams...)
	f := store.TargetFilter{UserID: p.id("user_id"), OrgUnitID: p.id("org_unit_id"), AccountID: p.id("account_id"),
		Kind: p.oneOf("kind", store.TargetListKinds), Limit: p.intIn("limit", 100, 1, 500), After: p.str("after")}
	cal, err := h.st.FiscalCalendar(r.Context())
	if err == nil && p.str("period") != "" {
		f.From, f.To, err = periodDays(cal, p.str("period"), kam.Date{}, kam.Date{})
	}
	if err == nil {
		err = p.err
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.cachedList(w, r, func() (any, error) {
		page, err := h.st.FindTargetList(r.Context(), httpx.Principal(r.Context()), f)
		if err != nil {
			return nil, err
		}
		return listResponse[*kam.Target]{Data: page.Targets, NextCursor: page.Next}, nil
	})
}

// GetTarget serves GET /api/v1/targets/{id}, with its version in ETag.
func (h *Handler) GetTarget(w http.ResponseWriter, r *http.Request) {
	id, err := pathTarget(r, "target")
	var t *kam.Target
	if err == nil {
		t, err = h.st.FindTarget(r.Context(), httpx.Principal(r.Context()), id)
	}
	h.writeTarget(w, r, http.StatusOK, t, err)
}

// CreateTarget serves POST /api/v1/targets: 201 with the new target.
func (h *Handler) CreateTarget(w http.ResponseWriter, r *http.Request) {
	p, err := writer(r, "set targets")
	var in targetInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	var cal kam.FiscalCalendar
	if err == nil {
		cal, err = h.st.FiscalCalendar(r.Context())
	}
	t := &kam.Target{UserID: in.UserID, OrgUnitID: in.OrgUnitID, AccountID: in.AccountID, Kind: in.Kind, Basis: in.Basis,
		Amount: in.Amount, Currency: in.Currency, Description: in.Description}
	if err == nil {
		t.PeriodStart, t.PeriodEnd, err = periodDays(cal, in.Period, in.PeriodStart, in.PeriodEnd)
	}
	if err == nil {
		err = h.st.CreateTarget(r.Context(), p, t)
	}
	if err == nil {
		w.Header().Set("Location", "/api/v1/targets/"+strconv.FormatInt(t.ID, 10))
	}
	h.writeTarget(w, r, http.StatusCreated, t, err)
}

// PatchTarget serves PATCH /api/v1/targets/{id}, with the version in
// If-Match or the body: 428 without one, 412 with the target as it is now
// when it changed meanwhile.
func (h *Handler) PatchTarget(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "change targets", "target")
	var body targetPatch
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		body.Version, err = requiredVersion(r, body.Version)
	}
	upd := kam.TargetUpdate{Version: body.Version, PeriodStart: body.PeriodStart, PeriodEnd: body.PeriodEnd, Amount: body.Amount,
		Currency: body.Currency, Basis: body.Basis, Description: body.Description}
	if err == nil && body.Period != nil {
		var cal kam.FiscalCalendar
		if cal, err = h.st.FiscalCalendar(r.Context()); err == nil {
			var first, last kam.Date
			first, last, err = periodDays(cal, *body.Period, dayOf(body.PeriodStart), dayOf(body.PeriodEnd))
			upd.PeriodStart, upd.PeriodEnd = &first, &last
		}
	}
	var t *kam.Target
	if err == nil {
		t, err = h.st.UpdateTarget(r.Context(), p, id, upd)
	}
	if kam.ErrorCode(err) == kam.ESTALE {
		if now, ferr := h.st.FindTarget(r.Context(), p, id); ferr == nil {
			refuseStaleRecord(h, w, r, now, now.Version, err)
			return
		}
	}
	h.writeTarget(w, r, http.StatusOK, t, err)
}

// DeleteTarget serves DELETE /api/v1/targets/{id}: 204; If-Match, when
// sent, must name the current version.
func (h *Handler) DeleteTarget(w http.ResponseWriter, r *http.Request) {
	p, id, err := h.accountChange(r, "delete targets", "target")
	var version int64
	if err == nil {
		version, err = ifMatchVersion(r, 0)
	}
	if err == nil {
		err = h.st.DeleteTarget(r.Context(), p, id, version)
	}
	writeDeleted(h, w, r, err)
}

// writeTarget answers with a target and its version in ETag, or err.
func (h *Handler) writeTarget(w http.ResponseWriter, r *http.Request, status int, t *kam.Target, err error) {
	if err != nil {
		h.Error(w, r, err)
		return
	}
	w.Header().Set("ETag", etag(t.Version))
	h.writeJSON(w, r, status, itemResponse[*kam.Target]{Data: t})
}

// GetAttainment serves GET /api/v1/attainment: the targets of a period
// (?period=FY2027-Q1; the current fiscal quarter by default) with what
// they attained, per person, unit and account objective in the token's
// user's scope.
func (h *Handler) GetAttainment(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	q := newParams(r.URL.Query(), "period")
	err := q.err
	var cal kam.FiscalCalendar
	if err == nil {
		cal, err = h.st.FiscalCalendar(ctx)
	}
	period := cal.At(kam.PeriodQuarter, kam.DateOf(h.st.Now()))
	if err == nil && q.str("period") != "" {
		period, err = cal.ParsePeriod(q.str("period"))
	}
	var a *store.Attainment
	if err == nil {
		a, err = h.st.Attainment(ctx, p, store.AttainmentQuery{Period: period, Reach: portfolio.StoredForecastMonths})
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[*store.Attainment]{Data: a})
}

// GetFiscalYear serves GET /api/v1/fiscal-year: the month the fiscal
// year starts in.
func (h *Handler) GetFiscalYear(w http.ResponseWriter, r *http.Request) {
	err := newParams(r.URL.Query()).err
	var cal kam.FiscalCalendar
	if err == nil {
		cal, err = h.st.FiscalCalendar(r.Context())
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[kam.FiscalCalendar]{Data: cal})
}

// PutFiscalYear serves PUT /api/v1/fiscal-year for administrators: the
// fiscal year starts in another month, unless a target of a period not yet
// ended would no longer be a whole quarter or year (409).
func (h *Handler) PutFiscalYear(w http.ResponseWriter, r *http.Request) {
	p := httpx.Principal(r.Context())
	err := adminWrite(p, "change the fiscal year")
	var in fiscalYearInput
	if err == nil {
		err = readJSON(w, r, &in)
	}
	cal := kam.FiscalCalendar{StartMonth: time.Month(in.StartMonth)}
	if err == nil {
		err = h.st.SetFiscalCalendar(r.Context(), p, cal)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[kam.FiscalCalendar]{Data: cal})
}
