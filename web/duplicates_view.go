package web

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// pairView is one open pair of the duplicates page: the two accounts side
// by side, the older one on the left.
type pairView struct {
	ID          int64
	Score       int
	Reasons     string
	Left, Right *kam.Account
	Rows        []compareRow
}

// compareRow is one fact of both accounts of a pair.
type compareRow struct {
	Label       string
	Left, Right []string // one line each; none shows a dash
	Same        bool     // both have it, and the same
}

// viewPair lays out a pair for comparison.
func viewPair(d *kam.DuplicatePair) pairView {
	left, right := d.Candidate, d.Account
	if right.ID < left.ID {
		left, right = right, left
	}
	v := pairView{ID: d.ID, Score: d.Score, Reasons: d.Reasons, Left: left, Right: right}
	facts := []struct {
		label string
		of    func(*kam.Account) []string
	}{
		{"Legal name", func(a *kam.Account) []string { return lines(a.LegalName) }},
		{"Country", func(a *kam.Account) []string { return lines(a.Country) }},
		{"Owner", func(a *kam.Account) []string { return lines(a.OwnerName) }},
		{"Tier", func(a *kam.Account) []string { return labelled(a.Tier) }},
		{"Status", func(a *kam.Account) []string { return labelled(string(a.Status)) }},
		{"Domains", func(a *kam.Account) []string { return a.Domains }},
		{"Tax id", func(a *kam.Account) []string { return lines(a.TaxID) }},
		{"External ids", func(a *kam.Account) []string {
			var out []string
			for _, x := range a.ExternalIDs {
				out = append(out, x.Source+" "+x.ID)
			}
			return out
		}},
		{"Created", func(a *kam.Account) []string { return lines(a.CreatedAt.Format("2006-01-02")) }},
	}
	for _, f := range facts {
		row := compareRow{Label: f.label, Left: f.of(left), Right: f.of(right)}
		row.Same = len(row.Left) > 0 && slices.EqualFunc(row.Left, row.Right, strings.EqualFold)
		v.Rows = append(v.Rows, row)
	}
	return v
}

// lines is a single value as the lines of a compared fact: none when empty.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// labelled is a stored code as the lines of a compared fact, written as a
// label: none when empty.
func labelled(code string) []string {
	if code == "" {
		return nil
	}
	return []string{label(code)}
}

// mergeView is one recent merge.
type mergeView struct {
	ID                    int64
	When                  string
	Survivor, SurvivorURL string // SurvivorURL is "" when it was merged away since
	Merged, MergedURL     string // MergedURL is set once the merge is undone
	Moved                 string
	Who                   string
	Undone                string // when it was undone, "" while it holds
}

// viewMerges writes out recent merges with the names of the accounts kept
// and of the administrators who merged.
func (a *App) viewMerges(r *http.Request, p *kam.Principal, merges []*kam.Merge) ([]mergeView, error) {
	if len(merges) == 0 {
		return nil, nil
	}
	ctx := r.Context()
	users, err := a.st.FindUsers(ctx, p)
	if err != nil {
		return nil, err
	}
	who := map[int64]string{}
	for _, u := range users {
		who[u.ID] = u.Name()
	}
	survivors := map[int64]*kam.Account{}
	out := make([]mergeView, 0, len(merges))
	for _, m := range merges {
		s, seen := survivors[m.SurvivorID]
		if !seen {
			s, err = a.st.FindAccountByID(ctx, p, m.SurvivorID)
			if err != nil && kam.ErrorCode(err) != kam.ENOTFOUND {
				return nil, err
			}
			survivors[m.SurvivorID] = s // nil: merged into another one since
		}
		v := mergeView{ID: m.ID, When: m.MergedAt.Format("2006-01-02 15:04 UTC"), Merged: m.MergedName,
			Moved: movedText(m.Moved), Who: cmp.Or(who[m.MergedBy], "kam (command line)"),
			Survivor: fmt.Sprintf("Account %d (merged away since)", m.SurvivorID)}
		if s != nil {
			v.Survivor, v.SurvivorURL = s.Name, accountURL(s.ID)
		}
		if !m.UndoneAt.IsZero() {
			v.Undone, v.MergedURL = m.UndoneAt.Format("2006-01-02 15:04 UTC"), accountURL(m.MergedID)
		}
		out = append(out, v)
	}
	return out, nil
}

func accountURL(id int64) string { return "/accounts/" + strconv.FormatInt(id, 10) }

// movedKinds orders the kinds of records a merge moves, the ones people
// look for first.
var movedKinds = []string{"contacts", "orders", "opportunities", "activities", "tasks", "invoices", "payments",
	"contracts", "cases", "account_plans", "targets", "discount_requests", "flags", "child accounts", "external ids"}

// movedText lists what a merge moved: "2 contacts, 1 order, 1 external id".
func movedText(moved map[string]int) string {
	kinds := make([]string, 0, len(moved))
	for k, n := range moved {
		if n > 0 {
			kinds = append(kinds, k)
		}
	}
	rank := func(k string) int {
		if i := slices.Index(movedKinds, k); i >= 0 {
			return i
		}
		return len(movedKinds)
	}
	slices.SortFunc(kinds, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b)) })
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		n, name := moved[k], strings.ReplaceAll(k, "_", " ")
		if n == 1 {
			name = singular(name)
		}
		parts[i] = grouped(n) + " " + name
	}
	if len(parts) == 0 {
		return "Nothing"
	}
	return strings.Join(parts, ", ")
}

// singular turns the plural of a kind of record into its singular:
// "opportunities" → "opportunity", "external ids" → "external id".
func singular(s string) string {
	if t, ok := strings.CutSuffix(s, "ies"); ok {
		return t + "y"
	}
	return strings.TrimSuffix(s, "s")
}

// notice is the outcome of the last decision, above the pairs.
type notice struct {
	Text     string
	LinkText string // a link to the account the decision concerned
	LinkURL  string
	Undo     int64 // the merge to offer undoing, 0 for none
}

// outcome renders the outcome named in the query string of the redirect
// after a decision. Only the outcomes below are known; the names come from
// the merges listed on the page, never from the query string.
func outcome(done url.Values, merges []mergeView) *notice {
	find := func() *mergeView {
		id, err := strconv.ParseInt(done.Get("merge"), 10, 64)
		for i := range merges {
			if err == nil && merges[i].ID == id {
				return &merges[i]
			}
		}
		return nil
	}
	switch done.Get("done") {
	case "merged":
		m := find()
		if m == nil {
			return &notice{Text: "The accounts were merged."}
		}
		n := &notice{Text: fmt.Sprintf("Merged %s into %s.", m.Merged, m.Survivor)}
		if m.Moved != "Nothing" {
			n.Text = fmt.Sprintf("Merged %s into %s, moving %s.", m.Merged, m.Survivor, strings.ToLower(m.Moved[:1])+m.Moved[1:])
		}
		if m.SurvivorURL != "" {
			n.LinkText, n.LinkURL = "Open "+m.Survivor, m.SurvivorURL
		}
		if m.Undone == "" {
			n.Undo = m.ID
		}
		return n
	case "undone":
		m := find()
		if m == nil {
			return &notice{Text: "The merge was undone."}
		}
		return &notice{Text: fmt.Sprintf("Undid the merge: %s is back with what it had.", m.Merged),
			LinkText: "Open " + m.Merged, LinkURL: m.MergedURL}
	case "dismissed":
		return &notice{Text: "Dismissed: the two accounts stay apart and are not proposed again."}
	case "scanned":
		switch n, err := strconv.Atoi(done.Get("queued")); {
		case err != nil || n < 0:
			return &notice{Text: "Scanned every account."}
		case n == 0:
			return &notice{Text: "Scanned every account: no new pairs."}
		case n == 1:
			return &notice{Text: "Scanned every account: 1 new pair queued."}
		default:
			return &notice{Text: "Scanned every account: " + grouped(n) + " new pairs queued."}
		}
	}
	return nil
}
