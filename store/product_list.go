package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// ProductSorts are the orders a product list can be in.
var ProductSorts = []string{"sku", "name"}

// ProductFilter selects products of the catalogue. Lists are keyset-paged
// by the sort column and id: pass a page's Next as After.
type ProductFilter struct {
	Family string
	// Active keeps the active products (true) or the inactive ones (false);
	// nil keeps both.
	Active *bool
	// Query keeps the products whose name or SKU contains it, in any case.
	Query string
	Sort  string // sku (the default) or name
	After string
	Limit int // default 50, at most 500
}

// ProductPage is one page of products.
type ProductPage struct {
	Products []*kam.Product `json:"products"`
	Next     string         `json:"next,omitempty"`
}

// FindProductList returns one page of the catalogue matching f, to anyone
// signed in.
func (s *Store) FindProductList(ctx context.Context, p *kam.Principal, f ProductFilter) (*ProductPage, error) {
	if err := requireSignedIn(p); err != nil {
		return nil, err
	}
	switch {
	case f.Limit == 0:
		f.Limit = 50
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	if f.Sort == "" {
		f.Sort = "sku"
	}
	if !slices.Contains(ProductSorts, f.Sort) {
		return nil, kam.FieldError("sort", "Sort must be one of %s.", strings.Join(ProductSorts, ", "))
	}
	query := strings.ToLower(strings.TrimSpace(f.Query))
	fp := fingerprint(f.Family, f.Active, query)
	cur, err := decodeCursor(f.After, f.Sort, false, fp)
	if err != nil {
		return nil, err
	}
	where, args := []string{"1=1"}, []any{}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if f.Family != "" {
		add("p.family = ?", f.Family)
	}
	if f.Active != nil {
		add("p.active = ?", *f.Active)
	}
	if query != "" {
		like := "%" + escapeLike(query) + "%"
		add(`(LOWER(p.name) LIKE ? ESCAPE '\' OR LOWER(p.sku) LIKE ? ESCAPE '\')`, like, like)
	}
	col := "p." + f.Sort // one of ProductSorts
	if cur != nil {
		add("("+col+" > ? OR ("+col+" = ? AND p.id > ?))", cur.Value, cur.Value, cur.ID)
	}
	rows, err := s.reader().query(ctx, "SELECT "+productColumns+" FROM products p WHERE "+strings.Join(where, " AND ")+
		" ORDER BY "+col+", p.id LIMIT "+strconv.Itoa(f.Limit+1), args...)
	if err != nil {
		return nil, fmt.Errorf("find products: %w", err)
	}
	page := &ProductPage{Products: []*kam.Product{}}
	err = eachRow(rows, func() error {
		if len(page.Products) == f.Limit {
			last := page.Products[f.Limit-1]
			value := last.SKU
			if f.Sort == "name" {
				value = last.Name
			}
			page.Next = cursor{Sort: f.Sort, Value: value, ID: last.ID, Filter: fp}.encode()
			return nil
		}
		prod, err := scanProduct(rows.Scan)
		page.Products = append(page.Products, prod)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("find products: %w", err)
	}
	return page, nil
}
