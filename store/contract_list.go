package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kamhq/kam"
)

// ContractSorts are the orders a contract list can be in.
var ContractSorts = []string{"end_date", "name"}

// ContractHit is a contract in a list of contracts, with its account's name.
type ContractHit struct {
	kam.Contract
	AccountName string `json:"account_name"`
	// NoticeDate is the last day to give notice: the end less the notice period.
	NoticeDate kam.Date `json:"notice_date"`
}

// ContractFilter selects contracts of the accounts a principal may see.
// Lists are keyset-paged by the sort column and id: pass a page's Next as
// After.
type ContractFilter struct {
	AccountID int64
	Status    string
	// EndingAfter and EndingBefore bound the end date (inclusive); zero is
	// no bound.
	EndingAfter, EndingBefore kam.Date
	Sort                      string // end_date (the default) or name
	After                     string
	Limit                     int // default 50, at most 500
}

// ContractPage is one page of contracts.
type ContractPage struct {
	Contracts []ContractHit `json:"contracts"`
	Next      string        `json:"next,omitempty"`
}

// FindContractList returns one page of the contracts of the accounts p may
// see, matching f: the earliest ending first, or by name.
func (s *Store) FindContractList(ctx context.Context, p *kam.Principal, f ContractFilter) (*ContractPage, error) {
	switch {
	case f.Limit == 0:
		f.Limit = 50
	case f.Limit < 0 || f.Limit > 500:
		return nil, kam.FieldError("limit", "Limit must be between 1 and 500.")
	}
	if f.Sort == "" {
		f.Sort = "end_date"
	}
	if !slices.Contains(ContractSorts, f.Sort) {
		return nil, kam.FieldError("sort", "Sort must be one of %s.", strings.Join(ContractSorts, ", "))
	}
	if f.Status != "" && !slices.Contains(kam.ContractStatuses, f.Status) {
		return nil, kam.FieldError("status", "Status must be one of %s.", strings.Join(kam.ContractStatuses, ", "))
	}
	fp := fingerprint(f.AccountID, f.Status, f.EndingAfter.String(), f.EndingBefore.String())
	cur, err := decodeCursor(f.After, f.Sort, false, fp)
	if err != nil {
		return nil, err
	}
	pred, args := accountListScope(p, "a")
	where := []string{"k.deleted_at IS NULL", "a.deleted_at IS NULL", pred}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if f.AccountID != 0 {
		add("k.account_id = ?", f.AccountID)
	}
	if f.Status != "" {
		add("k.status = ?", f.Status)
	}
	if !f.EndingAfter.IsZero() {
		add("k.end_date >= ?", f.EndingAfter)
	}
	if !f.EndingBefore.IsZero() {
		add("k.end_date <= ?", f.EndingBefore)
	}
	col := "k." + f.Sort // one of ContractSorts
	if cur != nil {
		var value any = cur.Value
		if f.Sort == "end_date" {
			d, err := kam.ParseDate(cur.Value)
			if err != nil {
				return nil, kam.FieldError("after", "The page cursor is invalid; start again from the first page.")
			}
			value = d
		}
		add("("+col+" > ? OR ("+col+" = ? AND k.id > ?))", value, value, cur.ID)
	}
	rows, err := s.reader().query(ctx, `SELECT `+contractColumns+`, a.name FROM contracts k JOIN accounts a ON a.id = k.account_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY `+col+`, k.id LIMIT `+strconv.Itoa(f.Limit+1), args...)
	if err != nil {
		return nil, fmt.Errorf("find contracts: %w", err)
	}
	page := &ContractPage{Contracts: []ContractHit{}}
	err = eachRow(rows, func() error {
		if n := len(page.Contracts); n == f.Limit {
			last := page.Contracts[n-1]
			value := last.EndDate.String()
			if f.Sort == "name" {
				value = last.Name
			}
			page.Next = cursor{Sort: f.Sort, Value: value, ID: last.ID, Filter: fp}.encode()
			return nil
		}
		var name string
		k, err := scanContract(func(dst ...any) error { return rows.Scan(append(dst, &name)...) })
		if err != nil {
			return err
		}
		page.Contracts = append(page.Contracts, ContractHit{Contract: *k, AccountName: name, NoticeDate: k.NoticeDate()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("find contracts: %w", err)
	}
	return page, nil
}
