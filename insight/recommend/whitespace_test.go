package recommend

import (
	"encoding/json"
	"reflect"
	"testing"
)

// peersModel is four accounts in two size bands of two:
//
//	1: revenue  100, F1 60, F2 40     products p1 (F1), p2 (F2)
//	2: revenue  200, F1 200           p1
//	3: revenue 1000, F1 500, F2 500   p1, p2
//	4: revenue 2000, F1 1000, F3 1000 p1, p3
//
// Band 1 (revenue 100 to 200): accounts 1 and 2; F1 bought by 2, F2 by 1.
// Band 2 (1,000 to 2,000): accounts 3 and 4; F1 by 2, F2 by 1, F3 by 1.
// Co-occurrence: p1 4 buyers, p2 2, p3 1; p1&p2 2 (accounts 1, 3), p1&p3
// 1, below MinSupport 2.
func peersModel(t *testing.T) (*Model, []Account) {
	t.Helper()
	accounts := []Account{
		{ID: 1, Revenue: money(100), Products: []string{"p1", "p2"}, Families: []FamilySpend{{"F1", money(60)}, {"F2", money(40)}}},
		{ID: 2, Revenue: money(200), Products: []string{"p1"}, Families: []FamilySpend{{"F1", money(200)}}},
		{ID: 3, Revenue: money(1000), Products: []string{"p1", "p2"}, Families: []FamilySpend{{"F1", money(500)}, {"F2", money(500)}}},
		{ID: 4, Revenue: money(2000), Products: []string{"p1", "p3"}, Families: []FamilySpend{{"F1", money(1000)}, {"F3", money(1000)}}},
	}
	b := NewBuilder(Options{MinSupport: 2, Bands: 2})
	for _, a := range accounts {
		b.AddAccount(a)
	}
	return b.Build(), accounts
}

var peersCatalog = Catalog{Names: map[string]string{"p2": "Pens"}, Families: map[string]string{"p1": "F1", "p2": "F2", "p3": "F3"}}

func TestWhitespace(t *testing.T) {
	m, accounts := peersModel(t)
	mx := m.Whitespace(accounts[1:2], peersCatalog, WhitespaceOptions{MinPeers: 1})
	// Account 2 buys F1 only. Half its band buys F2 (50% ≥ the default
	// half): suggested. Its one product, p1, points to p2 (2 of p1's 4
	// buyers, 50%), a family-F2 product: a second reason. p3 comes only as
	// a best seller, which suggests nothing, so F3 is not a column.
	want := Matrix{
		Families: []string{"F1", "F2"},
		Rows: []Row{{AccountID: 2, Revenue: money(200), Band: 1, Bands: 2, Peers: 2, Cells: []Cell{
			{Family: "F1", Revenue: money(200), Buys: true, PeerShare: 1},
			{Family: "F2", PeerShare: 0.5, Suggested: true, Reasons: []string{
				"bought by 50% of the 2 accounts of similar size (revenue 100 to 200)",
				"recommended Pens: bought by 50% of accounts that buy p1 (2 of 4)",
			}},
		}}},
	}
	if !reflect.DeepEqual(mx, want) {
		t.Errorf("got  %+v\nwant %+v", mx, want)
	}
}

func TestWhitespaceColumns(t *testing.T) {
	m, accounts := peersModel(t)
	// All four: F1 is bought by 4 rows, F2 by 2, F3 by 1, so that order.
	// Account 4 (band 2) does not buy F2, which half its band buys.
	mx := m.Whitespace(accounts, peersCatalog, WhitespaceOptions{MinPeers: 1})
	if !reflect.DeepEqual(mx.Families, []string{"F1", "F2", "F3"}) || len(mx.Rows) != 4 {
		t.Fatalf("got %+v", mx)
	}
	c := mx.Rows[3].Cells[1]
	if c.Family != "F2" || !c.Suggested || c.PeerShare != 0.5 || len(c.Reasons) != 2 ||
		c.Reasons[0] != "bought by 50% of the 2 accounts of similar size (revenue 1,000 to 2,000)" {
		t.Errorf("account 4, F2: %+v", c)
	}
	// A band needs MinPeers accounts (default 10) for its shares to count:
	// then only co-occurrence suggests.
	mx = m.Whitespace(accounts[1:2], peersCatalog, WhitespaceOptions{})
	if c := mx.Rows[0].Cells[1]; len(c.Reasons) != 1 || c.Reasons[0] != "recommended Pens: bought by 50% of accounts that buy p1 (2 of 4)" {
		t.Errorf("few peers: %+v", c)
	}
}

func TestWhitespaceBadInput(t *testing.T) {
	// A model built without revenue (Add, not AddAccount) has no bands; an
	// account with no families, negative revenue, or products unknown to
	// the model gets a row of its own with nothing suggested from peers.
	b := NewBuilder(Options{})
	b.Add(1, []string{"a"})
	m := b.Build()
	accounts := []Account{{ID: 9}, {ID: 10, Revenue: money(-50), Unassigned: money(-50), Products: []string{"zz"}}}
	mx := m.Whitespace(accounts, Catalog{}, WhitespaceOptions{})
	if len(mx.Rows) != 2 || len(mx.Families) != 0 || mx.Rows[0].Band != 0 || mx.Rows[0].Bands != 0 {
		t.Errorf("got %+v", mx)
	}
	if b, err := json.Marshal(mx); err != nil || string(b) != `{"families":[],"rows":[{"account_id":9,"revenue":0.00,"unassigned":0.00,"band":0,"bands":0,"peers":0,"cells":[]},{"account_id":10,"revenue":-50.00,"unassigned":-50.00,"band":0,"bands":0,"peers":0,"cells":[]}]}` {
		t.Errorf("json %s, %v", b, err)
	}
	// Bands from fewer accounts than asked: one band per account.
	pm, accounts := peersModel(t)
	if len(pm.peers.lower) != 2 {
		t.Errorf("bands %+v", pm.peers)
	}
	b = NewBuilder(Options{Bands: 5})
	b.AddAccount(accounts[0])
	one := b.Build()
	if len(one.peers.lower) != 1 || one.peers.band(money(-1)) != 0 || one.peers.band(money(1e6)) != 0 {
		t.Errorf("one account: %+v", one.peers)
	}
	if got := (peerBands{}).band(0); got != -1 {
		t.Errorf("no bands: %d", got)
	}
}
