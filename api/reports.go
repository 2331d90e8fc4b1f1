package api

import (
	"net/http"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight/forecast"
	"github.com/kamhq/kam/portfolio"
	"github.com/kamhq/kam/server/httpx"
)

// The query parameters of the report routes.
var (
	queueParams     = []string{"as_of", "limit"}
	forecastParams  = []string{"as_of", "months"}
	recommendParams = []string{"as_of", "n"}
	segmentParams   = []string{"as_of"}
)

// today is the default as_of: the current day in UTC by the store's clock.
func (h *Handler) today() kam.Date {
	return kam.DateOf(h.st.Now().UTC())
}

// Queue serves GET /api/v1/queue: the token user's contact queue, the
// accounts most worth a contact first, each with its score and reasons
// (limit, 1 to 500, default 20), as kam queue does. Without as_of it reads
// the stored roll-ups and open flags, and is quick; with as_of it computes
// them from the accounts' histories as of that day. Lost accounts are left
// out, and so are accounts with no reason to call.
func (h *Handler) Queue(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), queueParams...)
	asOf := q.date("as_of", kam.Date{})
	limit := q.intIn("limit", 20, 1, 500)
	if q.err != nil {
		h.Error(w, r, q.err)
		return
	}
	day := asOf
	if day.IsZero() {
		day = h.today()
	}
	rows, err := portfolio.Queue(r.Context(), h.st, httpx.Principal(r.Context()), day, asOf.IsZero(), limit)
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[portfolio.QueueRow]{Data: rows})
}

// Forecasts serves GET /api/v1/forecasts: the forecast of the months after
// as_of (months, 1 to 24, default 3) of every account the token's user may
// see, with its open pipeline and intervals, summed per account manager, per
// org unit and in total, as kam forecast --json prints it.
func (h *Handler) Forecasts(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), forecastParams...)
	day := q.date("as_of", h.today())
	months := q.intIn("months", 3, 1, 24)
	if q.err != nil {
		h.Error(w, r, q.err)
		return
	}
	rep, err := portfolio.Forecasts(r.Context(), h.st, httpx.Principal(r.Context()), day, forecast.Options{Horizon: months})
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, itemResponse[*portfolio.ForecastReport]{Data: rep})
}

// Recommendations serves GET /api/v1/recommendations: for every account the
// token's user may see, its top n cross-sell recommendations (n, 1 to 50,
// default 10) with their reasons, and its next order. Which products sell
// together is learnt from the whole portfolio's buying up to as_of at each
// request, so this route is slower than the others; a reason names only
// counts of accounts, never another account.
func (h *Handler) Recommendations(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), recommendParams...)
	day := q.date("as_of", h.today())
	n := q.intIn("n", 10, 1, 50)
	if q.err != nil {
		h.Error(w, r, q.err)
		return
	}
	ctx := r.Context()
	rec, err := portfolio.NewRecommender(ctx, h.st, day)
	out := []portfolio.AccountAdvice{}
	if err == nil {
		err = rec.EachAdvice(ctx, h.st, httpx.Principal(ctx), n, func(a portfolio.AccountAdvice) error {
			a.Recommendations = orEmpty(a.Recommendations)
			out = append(out, a)
			return nil
		})
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[portfolio.AccountAdvice]{Data: out})
}

// Segments serves GET /api/v1/segments: for every account the token's user
// may see as of a day, its health score with its parts, its place in the
// key-account selection matrix, its relational stage, its RFM segment and
// whether it meets the company's definition of a key account (the settings
// health_weights, classification and key_account). Percentiles and RFM
// quintiles rank the accounts within the user's portfolio.
func (h *Handler) Segments(w http.ResponseWriter, r *http.Request) {
	q := newParams(r.URL.Query(), segmentParams...)
	day := q.date("as_of", h.today())
	if q.err != nil {
		h.Error(w, r, q.err)
		return
	}
	ctx := r.Context()
	cfg, err := portfolio.LoadConfig(ctx, h.st)
	var segs []portfolio.AccountSegment
	if err == nil {
		segs, err = portfolio.Segments(ctx, h.st, httpx.Principal(ctx), day, cfg)
	}
	if err != nil {
		h.Error(w, r, err)
		return
	}
	h.writeJSON(w, r, http.StatusOK, listResponse[portfolio.AccountSegment]{Data: orEmpty(segs)})
}
