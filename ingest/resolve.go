package ingest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/kamhq/kam"
)

// resolver finds what rows refer to (accounts, products, users) and caches
// the answers for the import. Entries learnt inside a transaction become
// permanent only when it commits.
type resolver struct {
	source string
	w      kam.ImportWriter
	// committed and pending caches, keyed by kind-prefixed keys.
	ids, pending map[string]int64
	products     []*kam.Product // loaded on first match by name
	users        []*kam.User
	// respelled counts rows whose name matched a record spelt differently;
	// alias gives the note of such a cache key.
	respelled map[string]int
	alias     map[string]string
}

func newResolver(source string) *resolver {
	return &resolver{source: source, ids: map[string]int64{}, pending: map[string]int64{}, respelled: map[string]int{}, alias: map[string]string{}}
}

func (r *resolver) begin(w kam.ImportWriter) { r.w = w }

func (r *resolver) commit() {
	maps.Copy(r.ids, r.pending)
	clear(r.pending)
}

func (r *resolver) rollback() {
	clear(r.pending)
	r.products, r.users = nil, nil
}

func (r *resolver) get(key string) (int64, bool) {
	id, ok := r.pending[key]
	if !ok {
		id, ok = r.ids[key]
	}
	if note := r.alias[key]; ok && note != "" {
		r.respelled[note]++
	}
	return id, ok
}

func (r *resolver) learn(key string, id int64) { r.pending[key] = id }

// account finds an account by its external id in this import's source.
func (r *resolver) account(externalID string) (int64, error) {
	key := "a:" + externalID
	if id, ok := r.get(key); ok {
		return id, nil
	}
	id, err := r.w.AccountID(r.source, externalID)
	if err != nil || id == 0 {
		return 0, err
	}
	r.learn(key, id)
	return id, nil
}

// accountByName finds the one account whose name matches (see kam.MatchKey).
func (r *resolver) accountByName(name string) (int64, error) {
	key := "n:" + kam.MatchKey(name)
	if id, ok := r.get(key); ok {
		return id, nil
	}
	found, err := r.w.AccountsByName(name)
	if err != nil {
		return 0, err
	}
	switch len(found) {
	case 0:
		return 0, nil
	case 1:
		r.noteRespelling(key, "account", name, found[0].Name)
		r.learn(key, found[0].ID)
		return found[0].ID, nil
	}
	ids := make([]string, len(found))
	for i, a := range found {
		ids[i] = fmt.Sprint(a.ID)
	}
	return 0, kam.FieldError("account_name", "Several accounts are named %q (ids %s); give the account's id instead.", name, strings.Join(ids, ", "))
}

// product finds a product by SKU, then by name.
func (r *resolver) product(ref string) (int64, error) {
	key := "p:" + ref
	if id, ok := r.get(key); ok {
		return id, nil
	}
	id, err := r.w.ProductID(ref)
	if err != nil {
		return 0, err
	}
	if id == 0 {
		if r.products == nil {
			if r.products, err = r.w.Products(); err != nil {
				return 0, err
			}
		}
		want := kam.MatchKey(ref)
		for _, p := range r.products {
			if kam.MatchKey(p.Name) == want || kam.MatchKey(p.SKU) == want {
				r.noteRespelling(key, "product", ref, p.Name)
				id = p.ID
				break
			}
		}
	}
	if id != 0 {
		r.learn(key, id)
	}
	return id, nil
}

// addProduct makes a product created by this import known to later rows.
func (r *resolver) addProduct(p *kam.Product) {
	r.learn("p:"+p.SKU, p.ID)
	if r.products != nil {
		r.products = append(r.products, p)
	}
}

// user finds a user by username, display name or email.
func (r *resolver) user(ref string) (int64, error) {
	key := "u:" + ref
	if id, ok := r.get(key); ok {
		return id, nil
	}
	if r.users == nil {
		var err error
		if r.users, err = r.w.Users(); err != nil {
			return 0, err
		}
	}
	want := kam.MatchKey(ref)
	i := slices.IndexFunc(r.users, func(u *kam.User) bool {
		return strings.EqualFold(u.Username, ref) || strings.EqualFold(u.Email, ref) ||
			(u.DisplayName != "" && kam.MatchKey(u.DisplayName) == want)
	})
	if i < 0 {
		return 0, nil
	}
	r.noteRespelling(key, "user", ref, r.users[i].Name())
	r.learn(key, r.users[i].ID)
	return r.users[i].ID, nil
}

// forgetUsers drops the user list after users were added or changed.
func (r *resolver) forgetUsers() { r.users = nil }

func (r *resolver) noteRespelling(key, what, asWritten, asStored string) {
	if asWritten != asStored && !strings.EqualFold(asWritten, asStored) && asWritten != "" {
		note := fmt.Sprintf("%s %q was matched to %q", what, asWritten, asStored)
		r.alias[key] = note
		r.respelled[note]++
	}
}

// notes lists the respellings the import resolved, with how often.
func (r *resolver) notes() []string {
	var out []string
	for k := range r.respelled {
		out = append(out, k)
	}
	slices.Sort(out)
	for i, k := range out {
		out[i] = fmt.Sprintf("%s (%d rows)", k, r.respelled[k])
	}
	return out
}
