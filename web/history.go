package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/export"
	"github.com/kamhq/kam/server/httpx"
	"github.com/kamhq/kam/store"
)

// historyRows is how many changes a history page shows.
const historyRows = 50

// historyRecord is what a history page says of its record: its name and
// the page that shows it.
type historyRecord struct {
	Name string
	URL  string
}

// historyKind is a kind of record with a history page.
type historyKind struct {
	// noun names the kind for people ("discount request").
	noun string
	// find reads the record as p may see it; out of scope is ENOTFOUND.
	find func(ctx context.Context, st *store.Store, p *kam.Principal, id int64) (historyRecord, error)
}

// recordOf makes a historyKind's find from the record's own scoped find
// and what the page says of the record found.
func recordOf[T any](find func(*store.Store, context.Context, *kam.Principal, int64) (T, error),
	describe func(T) historyRecord) func(context.Context, *store.Store, *kam.Principal, int64) (historyRecord, error) {
	return func(ctx context.Context, st *store.Store, p *kam.Principal, id int64) (historyRecord, error) {
		r, err := find(st, ctx, p, id)
		if err != nil {
			return historyRecord{}, err
		}
		return describe(r), nil
	}
}

// historyKinds are the record kinds with a history page, by the audit
// log's name for them.
var historyKinds = map[string]historyKind{
	"account": {"account", recordOf((*store.Store).FindAccountByID, func(a *kam.Account) historyRecord {
		return historyRecord{a.Name, fmt.Sprintf("/accounts/%d", a.ID)}
	})},
	"contact": {"contact", recordOf((*store.Store).FindContact, func(c *kam.Contact) historyRecord {
		return historyRecord{c.FullName(), fmt.Sprintf("/accounts/%d#contacts", c.AccountID)}
	})},
	"opportunity": {"opportunity", recordOf((*store.Store).FindOpportunity, func(o *store.OpportunityRow) historyRecord {
		return historyRecord{o.Name, fmt.Sprintf("/accounts/%d#deals", o.AccountID)}
	})},
	"case": {"case", recordOf((*store.Store).FindCase, func(c *kam.Case) historyRecord {
		return historyRecord{c.Subject, fmt.Sprintf("/cases/%d", c.ID)}
	})},
	"plan": {"plan", recordOf((*store.Store).FindPlan, func(plan *kam.AccountPlan) historyRecord {
		return historyRecord{plan.Title, fmt.Sprintf("/plans/%d", plan.ID)}
	})},
	"target": {"target", recordOf((*store.Store).FindTarget, func(t *kam.Target) historyRecord {
		period := t.PeriodLabel
		if period == "" {
			period = t.PeriodStart.String() + " – " + t.PeriodEnd.String()
		}
		if t.IsQuota() {
			return historyRecord{"Target for " + period, "/targets?period=" + url.QueryEscape(t.Period)}
		}
		return historyRecord{"Objective for " + period, fmt.Sprintf("/accounts/%d#objectives", t.AccountID)}
	})},
	"discount_request": {"discount request", recordOf((*store.Store).FindDiscountRequest, func(r *kam.DiscountRequest) historyRecord {
		return historyRecord{r.DepthPercent() + " " + r.Kind + " discount for " + r.AccountName, fmt.Sprintf("/approvals/%d", r.ID)}
	})},
}

// historyPage is the data of a record's history page.
type historyPage struct {
	layout
	Noun    string
	Record  historyRecord
	Rows    []historyRow
	CSVURL  string
	NextURL string // older changes
	NewURL  string // back to the newest, from an older page
}

// historyRow is one change as the page shows it.
type historyRow struct {
	*kam.AuditEntry
	Who     string
	Channel string
}

// channelLabels name the channels a change arrives through.
var channelLabels = map[string]string{"web": "Web", "api": "API", "import": "Import", "cli": "Command line", "system": "System"}

// History returns the handler of a record's history page, GET
// /{kind}/{id}/history: every change of the record, newest first, a page
// at a time (?after=CURSOR for older ones): when, who, through which
// channel, the action, the field and its old and new value. With
// ?format=csv it downloads the whole history. The record must be one the
// user may see: anything else is the not-found page.
func (a *App) History(entity string) http.HandlerFunc {
	k, ok := historyKinds[entity]
	if !ok {
		panic("web: no history page for " + entity) // found when the routes are registered
	}
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, p, q := r.Context(), httpx.Principal(r.Context()), r.URL.Query()
		id, ok := httpx.PathID(r, "id")
		var rec historyRecord
		var err error = kam.Errorf(kam.ENOTFOUND, "There is no %s %q.", k.noun, r.PathValue("id"))
		if ok {
			rec, err = k.find(ctx, a.st, p, id)
		}
		if err == nil && q.Get("format") != "" && q.Get("format") != "csv" {
			err = kam.FieldError("format", "The history downloads as CSV only (format=csv).")
		}
		if err != nil {
			a.Error(w, r, err)
			return
		}
		base := r.URL.Path
		if q.Get("format") == "csv" {
			a.historyCSV(w, r, entity, id, base)
			return
		}
		page, err := a.st.FindHistory(ctx, p, entity, id, store.HistoryFilter{After: q.Get("after"), Limit: historyRows})
		if err != nil {
			a.Error(w, r, err)
			return
		}
		d := &historyPage{layout: layout{Title: "History · " + rec.Name}, Noun: k.noun, Record: rec, CSVURL: base + "?format=csv"}
		for _, e := range page.Entries {
			row := historyRow{AuditEntry: e, Who: e.ActorName, Channel: channelLabels[e.Channel]}
			if row.Who == "" {
				row.Who = "kam"
			}
			if row.Channel == "" {
				row.Channel = label(e.Channel)
			}
			d.Rows = append(d.Rows, row)
		}
		if page.Next != "" {
			d.NextURL = base + "?" + url.Values{"after": {page.Next}}.Encode()
		}
		if q.Get("after") != "" {
			d.NewURL = base
		}
		a.render(w, r, http.StatusOK, "history", d)
	}
}

// historyCSV downloads a record's whole history, newest first, read a
// page at a time. An error before the first byte is answered as a page;
// after it, the download is cut short and the error logged.
func (a *App) historyCSV(w http.ResponseWriter, r *http.Request, entity string, id int64, base string) {
	ctx, p := r.Context(), httpx.Principal(r.Context())
	f := store.HistoryFilter{Limit: 500}
	page, err := a.st.FindHistory(ctx, p, entity, id, f)
	if err != nil {
		a.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", export.ContentType("csv"))
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="kam-%s-%d-history.csv"`, entity, id))
	w.Header().Set("Cache-Control", "no-store")
	out, err := export.NewAuditCSV(w, true)
	for err == nil {
		for _, e := range page.Entries {
			if err = out.Write(e); err != nil {
				break
			}
		}
		if err != nil || page.Next == "" {
			break
		}
		f.After = page.Next
		page, err = a.st.FindHistory(ctx, p, entity, id, f)
	}
	if err == nil {
		err = out.Close()
	}
	if err != nil {
		httpx.LogInternal(a.log, r, fmt.Errorf("download %s: %w", base, err)) // the download is cut short
	}
}
