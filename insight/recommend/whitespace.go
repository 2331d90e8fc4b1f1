package recommend

import (
	"fmt"
	"sort"

	"github.com/kamhq/kam"
)

// peerBands are the size bands of the accounts the Builder summarised, equal
// in account count by revenue, with how many accounts of each band buy each
// family: the "accounts like this one" of the whitespace matrix.
type peerBands struct {
	lower    []kam.Money // the smallest revenue of each band
	upper    []kam.Money // the largest
	accounts []int
	buying   []map[string]int
}

// bandPeers splits the sized accounts into up to n bands of equal count by
// revenue and counts the families bought in each.
func bandPeers(revenue []kam.Money, sized []bool, families [][]string, n int) peerBands {
	var rows []int
	for r, ok := range sized {
		if ok {
			rows = append(rows, r)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return revenue[rows[i]] < revenue[rows[j]] })
	n = min(n, len(rows))
	pb := peerBands{lower: make([]kam.Money, n), upper: make([]kam.Money, n), accounts: make([]int, n),
		buying: make([]map[string]int, n)}
	for k := range n {
		pb.lower[k] = revenue[rows[k*len(rows)/n]]
		pb.buying[k] = map[string]int{}
	}
	for _, r := range rows {
		k := pb.band(revenue[r])
		if pb.accounts[k] == 0 || revenue[r] > pb.upper[k] {
			pb.upper[k] = revenue[r]
		}
		pb.accounts[k]++
		for _, f := range families[r] {
			pb.buying[k][f]++
		}
	}
	return pb
}

// band is the band of an account of this revenue: the last whose smallest
// revenue it reaches (accounts of equal revenue share a band); -1 when
// there are no bands.
func (pb peerBands) band(rev kam.Money) int {
	k := sort.Search(len(pb.lower), func(i int) bool { return pb.lower[i] > rev }) - 1
	if len(pb.lower) == 0 {
		return -1
	}
	return max(k, 0)
}

// WhitespaceOptions tunes the suggestions in the matrix; zero fields take
// the defaults.
type WhitespaceOptions struct {
	// PeerShare is the share of an account's size band that must buy a
	// family for it to be suggested (default 0.5: most peers buy it).
	PeerShare float64
	// MinPeers is the fewest accounts a band needs for its shares to count
	// (default 10).
	MinPeers int
	// Recommendations is how many of the account's recommendations are
	// searched for families it does not buy (default 10).
	Recommendations int
}

// Matrix is accounts × product families: what each account buys of each
// family, and which families it does not buy but could. Columns are the
// families any row buys or is suggested, most-bought first.
type Matrix struct {
	Families []string `json:"families"`
	Rows     []Row    `json:"rows"`
}

// Row is one account of the matrix. Band is its size band, 1 the smallest,
// 0 when the model has no sized accounts; Peers is the accounts in it.
type Row struct {
	AccountID  int64     `json:"account_id"`
	Revenue    kam.Money `json:"revenue"`
	Unassigned kam.Money `json:"unassigned"`
	Band       int       `json:"band"`
	Bands      int       `json:"bands"`
	Peers      int       `json:"peers"`
	Cells      []Cell    `json:"cells"`
}

// Cell is one account and family. Revenue is the account's net revenue in
// the family, Buys whether it is positive; PeerShare is the share of the
// account's size band that buys the family. Suggested marks whitespace: a
// family it does not buy that most of its peers buy or that one of its
// co-occurrence recommendations belongs to, each with a reason.
type Cell struct {
	Family    string    `json:"family"`
	Revenue   kam.Money `json:"revenue"`
	Buys      bool      `json:"buys"`
	PeerShare float64   `json:"peer_share"`
	Suggested bool      `json:"suggested"`
	Reasons   []string  `json:"reasons,omitempty"`
}

// Whitespace builds the matrix of the given accounts (as Summarise gives
// them). Families of recommended products come from cat.Families; products
// without one suggest nothing.
func (m *Model) Whitespace(accounts []Account, cat Catalog, opt WhitespaceOptions) Matrix {
	if opt.PeerShare <= 0 {
		opt.PeerShare = 0.5
	}
	if opt.MinPeers < 1 {
		opt.MinPeers = 10
	}
	if opt.Recommendations < 1 {
		opt.Recommendations = 10
	}
	type row struct {
		Row
		cells map[string]*Cell
	}
	rows := make([]row, len(accounts))
	rowsBuying := map[string]int{}
	for i, a := range accounts {
		r := row{Row: Row{AccountID: a.ID, Revenue: a.Revenue, Unassigned: a.Unassigned,
			Bands: len(m.peers.lower)}, cells: map[string]*Cell{}}
		for _, f := range a.Families {
			if f.Family != "" && f.Revenue > 0 {
				r.cells[f.Family] = &Cell{Family: f.Family, Revenue: f.Revenue, Buys: true}
				rowsBuying[f.Family]++
			}
		}
		k := m.peers.band(a.Revenue)
		if k >= 0 {
			r.Band, r.Peers = k+1, m.peers.accounts[k]
		}
		if k >= 0 && r.Peers >= opt.MinPeers {
			for f, n := range m.peers.buying[k] {
				share := ratio(n, r.Peers)
				if r.cells[f] != nil || share < opt.PeerShare {
					continue
				}
				r.cells[f] = &Cell{Family: f, PeerShare: share, Suggested: true, Reasons: []string{fmt.Sprintf(
					"bought by %s of the %d accounts of similar size (revenue %s to %s)",
					percent(share), r.Peers, m.peers.lower[k].FormatGrouped(), m.peers.upper[k].FormatGrouped())}}
			}
		}
		named := map[string]bool{} // families a recommendation already speaks for
		for _, rec := range m.Recommend(a.Products, opt.Recommendations, cat) {
			f := rec.Family
			if rec.Source != FromCoOccurrence || f == "" || named[f] || (r.cells[f] != nil && r.cells[f].Buys) {
				continue
			}
			named[f] = true
			c := r.cells[f]
			if c == nil {
				c = &Cell{Family: f}
				r.cells[f] = c
			}
			c.Suggested = true
			c.Reasons = append(c.Reasons, fmt.Sprintf("recommended %s: %s", rec.Name, rec.Reason))
		}
		rows[i] = r
	}
	seen := map[string]bool{}
	families := []string{} // [] rather than null in JSON
	for _, r := range rows {
		for f := range r.cells {
			if !seen[f] {
				seen[f] = true
				families = append(families, f)
			}
		}
	}
	sort.Slice(families, func(i, j int) bool {
		a, b := families[i], families[j]
		if rowsBuying[a] != rowsBuying[b] {
			return rowsBuying[a] > rowsBuying[b]
		}
		return a < b
	})
	out := Matrix{Families: families, Rows: make([]Row, len(rows))}
	for i, r := range rows {
		k := m.peers.band(r.Revenue)
		r.Cells = make([]Cell, 0, len(families))
		for _, f := range families {
			c := Cell{Family: f}
			if p := r.cells[f]; p != nil {
				c = *p
			}
			if k >= 0 && m.peers.accounts[k] > 0 {
				c.PeerShare = ratio(m.peers.buying[k][f], m.peers.accounts[k])
			}
			r.Cells = append(r.Cells, c)
		}
		out.Rows[i] = r.Row
	}
	return out
}
