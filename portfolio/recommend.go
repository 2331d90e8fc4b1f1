package portfolio

import (
	"context"
	"fmt"

	"github.com/kamhq/kam"
	"github.com/kamhq/kam/insight"
	"github.com/kamhq/kam/insight/recommend"
	"github.com/kamhq/kam/store"
)

// AccountAdvice is one account's cross-sell recommendations and its next
// order, as `kam recommend` prints them.
type AccountAdvice struct {
	AccountRef
	AsOf            kam.Date                   `json:"as_of"`
	Note            string                     `json:"note,omitempty"`
	Recommendations []recommend.Recommendation `json:"recommendations"`
	NextOrder       recommend.Prediction       `json:"next_order"`
}

// Recommender holds the co-occurrence model of a whole portfolio as of a
// day, and the catalogue that names its products.
type Recommender struct {
	AsOf    kam.Date
	Model   *recommend.Model
	Catalog recommend.Catalog
}

// NewRecommender learns which products go together from every account's
// buying up to a day. It reads the whole portfolio, whoever asks: which
// products sell together is the company's knowledge, and a reason names
// only counts of accounts, never another account.
func NewRecommender(ctx context.Context, st *store.Store, asOf kam.Date) (*Recommender, error) {
	r := &Recommender{AsOf: asOf, Catalog: recommend.Catalog{Names: map[string]string{}, Families: map[string]string{}}}
	b := recommend.NewBuilder(recommend.Options{})
	err := st.EachHistory(ctx, kam.System(), asOf, func(a *kam.Account, h *insight.History) error {
		r.note(h)
		b.AddAccount(recommend.Summarise(a.ID, lines(h), asOf))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("learn recommendations: %w", err)
	}
	r.Model = b.Build()
	return r, nil
}

// note records an account's product names and families in the catalogue,
// while the model is built; once built, a Recommender is only read, by
// every page at once.
func (r *Recommender) note(h *insight.History) {
	for _, l := range h.Lines {
		if l.Product == "" {
			continue
		}
		if l.Name != "" {
			r.Catalog.Names[l.Product] = l.Name
		}
		if l.Family != "" {
			r.Catalog.Families[l.Product] = l.Family
		}
	}
}

// lines turns an account's order lines into the recommender's.
func lines(h *insight.History) []recommend.Line {
	out := make([]recommend.Line, 0, len(h.Lines))
	for _, l := range h.Lines {
		if l.Product != "" {
			out = append(out, recommend.Line{Product: l.Product, Family: l.Family, Date: l.Date, Quantity: l.Quantity, Amount: l.Amount})
		}
	}
	return out
}

// Advise returns an account's top n recommendations and its next order.
func (r *Recommender) Advise(a *kam.Account, h *insight.History, n int) recommend.Advice {
	ls := lines(h)
	return r.Model.Advise(recommend.Summarise(a.ID, ls, r.AsOf), recommend.Orders(ls, r.AsOf), r.AsOf, n, r.Catalog)
}

// EachAdvice calls fn with the advice for every account p may see.
func (r *Recommender) EachAdvice(ctx context.Context, st *store.Store, p *kam.Principal, n int, fn func(AccountAdvice) error) error {
	names, err := LoadNames(ctx, st, p)
	if err != nil {
		return err
	}
	return st.EachHistory(ctx, p, r.AsOf, func(a *kam.Account, h *insight.History) error {
		adv := r.Advise(a, h, n)
		return fn(AccountAdvice{names.Ref(a), adv.AsOf, adv.Note, adv.Recommendations, adv.NextOrder})
	})
}

// Whitespace is the accounts × product families matrix of the accounts p
// may see: what each buys of each family, and the families most of its
// peers (accounts of its size) buy or its recommendations point to, that it
// does not.
func (r *Recommender) Whitespace(ctx context.Context, st *store.Store, p *kam.Principal) (recommend.Matrix, error) {
	var accounts []recommend.Account
	err := st.EachHistory(ctx, p, r.AsOf, func(a *kam.Account, h *insight.History) error {
		accounts = append(accounts, recommend.Summarise(a.ID, lines(h), r.AsOf))
		return nil
	})
	if err != nil {
		return recommend.Matrix{}, fmt.Errorf("whitespace: %w", err)
	}
	return r.Model.Whitespace(accounts, r.Catalog, recommend.WhitespaceOptions{}), nil
}
